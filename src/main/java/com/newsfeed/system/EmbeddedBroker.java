package com.newsfeed.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.qpid.server.SystemLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker in this process (Apache Qpid Broker-J, everything in memory), listening on a free loopback
 * port with the user guest/guest: the embedded default's stand-in for RabbitMQ, spoken to through the same Spring
 * AMQP client. Stop and start again keep its port (tests simulate an outage so); its queues do not survive a stop.
 */
public final class EmbeddedBroker {

    static final String HOST = "127.0.0.1";
    static final String USER = "guest";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String CONFIGURATION = "embedded/qpid-broker.json";
    private static final int ATTEMPTS = 3;

    private final int port;
    private final Path workDirectory;
    private SystemLauncher launcher;

    private EmbeddedBroker(int port, Path workDirectory) {
        this.port = port;
        this.workDirectory = workDirectory;
    }

    public static EmbeddedBroker startOnFreePort() {
        Path work;
        try {
            work = Files.createTempDirectory("newsfeed-qpid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeException last = null;
        // Another process may take the free port between probing and binding: retry on a new one.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            EmbeddedBroker broker = new EmbeddedBroker(freePort(), work);
            try {
                broker.start();
                return broker;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start the embedded AMQP broker", last);
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return launcher != null;
    }

    public synchronized void start() {
        if (launcher != null) {
            return;
        }
        Map<String, Object> context = new HashMap<>();
        context.put("qpid.amqp_port", Integer.toString(port));
        context.put("qpid.work_dir", workDirectory.toString());
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", Objects.requireNonNull(
                EmbeddedBroker.class.getClassLoader().getResource(CONFIGURATION)).toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        SystemLauncher started = new SystemLauncher();
        try {
            started.startup(attributes);
        } catch (Exception e) {
            started.shutdown();
            throw new IllegalStateException("the embedded AMQP broker did not start on port " + port, e);
        }
        launcher = started;
        log.info("Embedded AMQP broker (Qpid Broker-J) started on {}:{}", HOST, port);
    }

    public synchronized void stop() {
        if (launcher != null) {
            launcher.shutdown();
            launcher = null;
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
