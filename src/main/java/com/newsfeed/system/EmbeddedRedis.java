package com.newsfeed.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisServer;

/** A started embedded redis-server; stop and start again keep its port (tests simulate an outage so). */
public final class EmbeddedRedis {

    static final String HOST = "127.0.0.1";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final int ATTEMPTS = 3;

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedis startOnFreePort() {
        IOException last = null;
        // Another process may take the free port between probing and binding: retry on a new one.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                RedisServer server = RedisServer.newRedisServer()
                        .bind(HOST)
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .build();
                server.start();
                log.info("Embedded redis-server started on {}:{}", HOST, port);
                return new EmbeddedRedis(server, port);
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw new UncheckedIOException("could not start the embedded redis-server", last);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return server.isActive();
    }

    public void start() {
        try {
            if (!server.isActive()) {
                server.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
