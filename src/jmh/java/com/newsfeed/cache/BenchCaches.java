package com.newsfeed.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cache core outside Spring, for the benchmark's Java scenarios: one "instance" with the production classes
 * (factory, L1, Redis level, circuit breaker) over the benchmark's private Redis, under a key prefix of its own.
 */
final class BenchCaches implements AutoCloseable {

    static final Ttl L1_TTL = Ttl.of(Duration.ofSeconds(60), Duration.ofSeconds(15));
    static final Ttl L2_TTL = Ttl.of(Duration.ofMinutes(30), Duration.ofMinutes(10));
    private static final Ttl ABSENT_L1_TTL = Ttl.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final Ttl ABSENT_L2_TTL = Ttl.of(Duration.ofMinutes(5), Duration.ofSeconds(60));

    final String prefix;
    final RedisTemplate<byte[], byte[]> redis;
    private final LettuceConnectionFactory connections;
    private final CacheFactory factory;

    /** @param specs per cache name; see {@link #spec} */
    BenchCaches(String prefix, Map<String, CacheProperties.Spec> specs) {
        this.prefix = prefix;
        int port = Integer.getInteger("bench.redis.port", 6379);
        // Pooled as in the application: every L2 read is a pipeline, and without a pool Lettuce opens a
        // connection per pipeline.
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettucePoolingClientConfiguration.builder().poolConfig(new GenericObjectPoolConfig<>())
                        .commandTimeout(Duration.ofSeconds(5)).build());
        connections.afterPropertiesSet();
        connections.start();
        CacheProperties properties = new CacheProperties(prefix, Duration.ofSeconds(10), Duration.ofMinutes(5),
                new CacheProperties.Lease(Duration.ofSeconds(2), Duration.ofMillis(300), true),
                new CacheProperties.RedisCircuitSettings(50, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                specs, Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisCircuit circuit = new CacheConfiguration().redisCircuit(properties, meters);
        redis = new CacheConfiguration().cacheRedisTemplate(connections, circuit);
        redis.afterPropertiesSet();
        factory = new CacheFactory(properties, redis, JsonMapper.builder().build(), meters, Ticker.systemTicker(),
                new CacheRegistry(), null, circuit);
    }

    /**
     * @param l1Weight the L1 bound, or null for no L1
     * @param layout   the L2 layout, or null for no L2
     * @param l2Ttl    the L2 TTL (base + jitter)
     */
    static CacheProperties.Spec spec(DataSize l1Weight, L2Layout layout, Ttl l2Ttl) {
        return new CacheProperties.Spec(
                new CacheProperties.L1(l1Weight != null, l1Weight == null ? DataSize.ofMegabytes(1) : l1Weight,
                        L1_TTL),
                new CacheProperties.L2(layout != null, layout == null ? L2Layout.STRING : layout, l2Ttl),
                new CacheProperties.Absent(true, ABSENT_L1_TTL, ABSENT_L2_TTL));
    }

    <V> LayeredCache<V> cache(String name, Class<V> type, String keyPattern, EntityLoader<V> loader) {
        return factory.cache(name, type).keyPattern(keyPattern).loader(loader).build();
    }

    byte[] key(String suffix) {
        return (prefix + suffix).getBytes(StandardCharsets.UTF_8);
    }

    /** Deletes every key under this prefix. */
    void deleteAll() {
        var keys = redis.keys(key("*"));
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
