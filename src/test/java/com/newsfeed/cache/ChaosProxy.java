package com.newsfeed.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy in front of Redis for fault tests: it passes bytes, holds them (a blackhole: nothing is lost, the
 * peers just stop hearing each other, as across a partition), resets every connection (and refuses new ones), or
 * delays each chunk. Written here because Toxiproxy needs its own server (a binary or a Docker container), and
 * neither runs on these machines; this is a few dozen lines of plain sockets.
 */
public final class ChaosProxy implements AutoCloseable {

    public enum Mode { PASS, BLACKHOLE, RESET, DELAY }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayNanos;

    public ChaosProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "chaos-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void pass() {
        mode = Mode.PASS;
    }

    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Closes every connection now; new ones are closed at once until the mode changes. */
    public void reset() {
        mode = Mode.RESET;
        sockets.forEach(ChaosProxy::closeQuietly);
    }

    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
        mode = Mode.DELAY;
    }

    public Mode mode() {
        return mode;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.RESET) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection dropped
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        from.setSoTimeout(5);
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (mode == Mode.BLACKHOLE) {
                        LockSupport.parkNanos(2_000_000);
                    }
                    if (mode == Mode.RESET) {
                        break;
                    }
                    int read;
                    try {
                        read = in.read(buffer);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (read < 0) {
                        break;
                    }
                    if (mode == Mode.DELAY) {
                        LockSupport.parkNanos(delayNanos);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "chaos-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(ChaosProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
