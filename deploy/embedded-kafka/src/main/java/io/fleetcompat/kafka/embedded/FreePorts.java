package io.fleetcompat.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds loopback ports that are free right now (another process may still take them before we bind). */
public final class FreePorts {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int MAX_ATTEMPTS = 50;

    private FreePorts() {
    }

    /** {@code count} distinct free ports; all sockets are held open together so the OS cannot repeat one. */
    public static List<Integer> distinct(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = bind(0);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            sockets.forEach(FreePorts::closeQuietly);
        }
    }

    /** First port of {@code count} consecutive free ports, for the fixed-port cluster layout. */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int first = distinct(1).get(0);
            if (first + count - 1 <= 65535 && allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free loopback ports after " + MAX_ATTEMPTS + " attempts");
    }

    /** Whether {@code port} can be bound on the loopback address now. */
    public static boolean isFree(int port) {
        try (ServerSocket ignored = bind(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!isFree(port)) {
                return false;
            }
        }
        return true;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        // Same option Kafka's acceptor uses, so a port we just probed is bindable by the broker at once.
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe socket cannot lose data
        }
    }
}
