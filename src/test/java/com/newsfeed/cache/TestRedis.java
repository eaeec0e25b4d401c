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
import io.lettuce.core.resource.ClientResources;
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
        return com.newsfeed.support.LocalCluster.configured();
    }

    /** The cluster, configured as the service configures it (see {@code RedisClientConfiguration}). */
    static LettuceConnectionFactory connectCluster(Duration timeout) {
        return connectCluster(timeout, null);
    }

    /** The same, with client resources of its own (to map the nodes' addresses, say); null for the default. */
    static LettuceConnectionFactory connectCluster(Duration timeout, ClientResources resources) {
        RedisClusterConfiguration cluster = new RedisClusterConfiguration(clusterNodes());
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(timeout).clientOptions(ClusterClientOptions.builder()
                        .timeoutOptions(TimeoutOptions.enabled())
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                                .enablePeriodicRefresh(Duration.ofSeconds(10)).build())
                        .build());
        if (resources != null) {
            client.clientResources(resources);
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(cluster, client.build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** The cluster's nodes, as {@code host:port}. */
    static List<String> clusterNodes() {
        return List.of(System.getProperty("spring.data.redis.cluster.nodes").split(",")).stream()
                .map(String::strip).toList();
    }

    /** The ports of the server, or of every master of the cluster: where each of the cache's commands runs. */
    static List<Integer> serverPorts() {
        if (!isCluster()) {
            return List.of(connectionFactory().getPort());
        }
        try (com.newsfeed.support.LocalCluster cluster = com.newsfeed.support.LocalCluster.fromSystemProperty()) {
            return cluster.masters().stream().map(com.newsfeed.support.LocalCluster.Node::port).toList();
        }
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
