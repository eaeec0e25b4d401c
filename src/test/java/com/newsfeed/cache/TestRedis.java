package com.newsfeed.cache;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import redis.embedded.RedisServer;

/**
 * A real Redis for the cache-core tests: the one named by {@code spring.data.redis.host/port} when set (the
 * real-services build points them at the machine's Redis), otherwise an embedded redis-server started once for
 * the JVM. Tests keep to their own key prefix, so they never flush a shared server.
 */
final class TestRedis {

    private static LettuceConnectionFactory shared;

    private TestRedis() {
    }

    static synchronized LettuceConnectionFactory connectionFactory() {
        if (shared == null) {
            String host = System.getProperty("spring.data.redis.host");
            int port;
            if (host == null) {
                host = "127.0.0.1";
                port = startEmbedded();
            } else {
                port = Integer.parseInt(System.getProperty("spring.data.redis.port", "6379"));
            }
            shared = connect(host, port, Duration.ofSeconds(2));
        }
        return shared;
    }

    /** A connection factory configured as the service's: commands time out, and fail fast while disconnected. */
    static LettuceConnectionFactory connect(String host, int port, Duration timeout) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder().commandTimeout(timeout).clientOptions(ClientOptions.builder()
                        .timeoutOptions(TimeoutOptions.enabled())
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build()).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** Where the shared test Redis listens, e.g. for a proxy in front of it. */
    static int port() {
        return connectionFactory().getPort();
    }

    static StringRedisTemplate strings() {
        StringRedisTemplate template = new StringRedisTemplate(connectionFactory());
        template.afterPropertiesSet();
        return template;
    }

    private static int startEmbedded() {
        try {
            int port;
            try (var socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (java.io.IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return port;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
