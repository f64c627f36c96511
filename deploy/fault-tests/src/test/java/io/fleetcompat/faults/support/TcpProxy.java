package io.fleetcompat.faults.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 in front of one port, that can black-hole the connections through it: while black-holed
 * it accepts and holds connections but forwards no byte either way (clients see no answer and no reset, as across a
 * network partition, and run into their own timeouts); {@link #restore()} drops every connection it held and forwards
 * new ones again, as a peer that lost the connections' state would. Two threads per connection, blocking I/O.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Object gate = new Object();
    private final List<Socket> sockets = new ArrayList<>();
    private boolean open = true;
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code port} (0: any free one) and forwards to {@code targetPort}. */
    public static TcpProxy start(int port, int targetPort) {
        try {
            return new TcpProxy(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on nothing passes, in either direction, on old or new connections. */
    public void blackHole() {
        synchronized (gate) {
            open = false;
        }
    }

    /** Drops the held connections (their clients reconnect) and forwards again. */
    public void restore() {
        List<Socket> held;
        synchronized (gate) {
            held = new ArrayList<>(sockets);
            sockets.clear();
            open = true;
            gate.notifyAll();
        }
        held.forEach(TcpProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                track(client);
                Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect");
                connector.setDaemon(true);
                connector.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitOpen();
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            track(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitOpen();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection was dropped (restore, close, or its peer went away)
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void track(Socket socket) {
        synchronized (gate) {
            sockets.add(socket);
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (!open) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        restore();
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
