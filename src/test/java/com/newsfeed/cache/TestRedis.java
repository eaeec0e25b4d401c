package com.newsfeed.cache;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import redis.embedded.RedisServer;

/**
 * A real Redis for the cache-core tests: the cluster named by {@code spring.data.redis.cluster.nodes} when set (the
 * redis-cluster build), else the server named by {@code spring.data.redis.host/port} when set (the real-services
 * build points them at the machine's Redis), otherwise an embedded redis-server started once for the JVM. Tests
 * keep to their own key prefix, so they never flush a shared server.
 */
final class TestRedis {

    private static LettuceConnectionFactory shared;

    private TestRedis() {
    }

    static synchronized LettuceConnectionFactory connectionFactory() {
        if (shared == null && isCluster()) {
            shared = connectCluster(Duration.ofSeconds(2));
        }
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

    /** Whether the tests run on a Redis Cluster. */
    static boolean isCluster() {
        String nodes = System.getProperty("spring.data.redis.cluster.nodes");
        return nodes != null && !nodes.isBlank();
    }

    /**
     * Skips a test that puts a fault proxy in front of one Redis server: on a cluster, Lettuce would go round it to
     * the nodes the topology names. A node's failure on a cluster is what {@code ClusterFailoverIT} proves.
     */
    static void assumeOneServer() {
        org.junit.jupiter.api.Assumptions.assumeFalse(isCluster(),
                "a proxy in front of one server: not on a cluster (see ClusterFailoverIT)");
    }

    /** The cluster, configured as the service configures it (see {@code RedisClientConfiguration}). */
    static LettuceConnectionFactory connectCluster(Duration timeout) {
        RedisClusterConfiguration cluster = new RedisClusterConfiguration(
                List.of(System.getProperty("spring.data.redis.cluster.nodes").split(",")));
        LettuceConnectionFactory factory = new LettuceConnectionFactory(cluster, LettuceClientConfiguration.builder()
                .commandTimeout(timeout).clientOptions(ClusterClientOptions.builder()
                        .timeoutOptions(TimeoutOptions.enabled())
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                                .enablePeriodicRefresh(Duration.ofSeconds(10)).build())
                        .build()).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** Where the shared test Redis listens, e.g. for a proxy in front of it (one server only). */
    static int port() {
        assumeOneServer();
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
