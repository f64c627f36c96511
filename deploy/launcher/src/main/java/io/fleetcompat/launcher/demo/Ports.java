package io.fleetcompat.launcher.demo;

import io.fleetcompat.launcher.LauncherException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port 0 on the command line means "any free port"; this finds one (or a free pair, for the broker). */
final class Ports {

    private static final int ATTEMPTS = 50;

    private Ports() {
    }

    /** {@code requested}, or a free port when it is 0. */
    static int resolve(int requested) {
        return requested != 0 ? requested : freePort();
    }

    /** The embedded broker needs its port and the next one (its controller). */
    static int resolvePair(int requested) {
        return resolveRange(requested, 2);
    }

    /** {@code count} consecutive ports from {@code requested}, or free ones when it is 0 (broker nodes and controllers). */
    static int resolveRange(int requested, int count) {
        if (requested != 0) {
            return requested;
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = freePort();
            if (port <= 65535 - count + 1 && java.util.stream.IntStream.range(1, count).allMatch(n -> isFree(port + n))) {
                return port;
            }
        }
        throw LauncherException.failed("found no " + count + " consecutive free ports for the broker; pass --kafka-port");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw LauncherException.failed("cannot find a free port: " + e.getMessage());
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
