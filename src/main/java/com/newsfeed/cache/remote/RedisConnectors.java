package com.newsfeed.cache.remote;

import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Connections from whichever client Spring Boot configured: one server ({@link RedisClient}) or a cluster
 * ({@link RedisClusterClient}). Both connections are driven through the command interfaces they share
 * ({@link RedisClusterCommands}, {@link RedisClusterAsyncCommands}), so the cache and the store run unchanged on
 * either; on a cluster, Lettuce routes each command by its first key's slot and follows MOVED and ASK replies.
 */
public final class RedisConnectors {

    private RedisConnectors() {
    }

    /** Opens a connection (a cluster connection on a cluster client). */
    public static <K, V> Supplier<StatefulConnection<K, V>> data(Supplier<? extends AbstractRedisClient> client,
            RedisCodec<K, V> codec) {
        return () -> {
            AbstractRedisClient opened = client.get();
            return opened instanceof RedisClusterClient cluster ? cluster.connect(codec)
                    : ((RedisClient) opened).connect(codec);
        };
    }

    /**
     * Opens a pub/sub connection. On a cluster it subscribes through one node: a classic PUBLISH reaches every
     * node's subscribers over the cluster bus, and Lettuce reconnects it to another node if that one dies.
     */
    public static <K, V> Supplier<StatefulRedisPubSubConnection<K, V>> pubSub(
            Supplier<? extends AbstractRedisClient> client, RedisCodec<K, V> codec) {
        return () -> {
            AbstractRedisClient opened = client.get();
            return opened instanceof RedisClusterClient cluster ? cluster.connectPubSub(codec)
                    : ((RedisClient) opened).connectPubSub(codec);
        };
    }

    /** The synchronous commands of either kind of connection. */
    public static <K, V> RedisClusterCommands<K, V> sync(StatefulConnection<K, V> connection) {
        return connection instanceof StatefulRedisClusterConnection<K, V> cluster ? cluster.sync()
                : ((StatefulRedisConnection<K, V>) connection).sync();
    }

    /** The asynchronous commands of either kind of connection. */
    public static <K, V> RedisClusterAsyncCommands<K, V> async(StatefulConnection<K, V> connection) {
        return connection instanceof StatefulRedisClusterConnection<K, V> cluster ? cluster.async()
                : ((StatefulRedisConnection<K, V>) connection).async();
    }
}
