package com.newsfeed.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.invalidation.InvalidationBus;
import com.newsfeed.cache.invalidation.InvalidationLog;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.invalidation.OutboxTail;
import com.newsfeed.cache.load.Guards;
import com.newsfeed.cache.load.LoadTransaction;
import com.newsfeed.cache.load.RacePoints;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisReply;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cache core outside Spring, for the benchmark's Java scenarios: one "instance" with the production classes
 * (factory, L1, the Redis level on one shared connection, breaker, read engine) over the benchmark's private Redis,
 * under a key prefix of its own. No outbox: these scenarios only read.
 */
final class BenchCaches implements AutoCloseable {

    static final Ttl L1_TTL = Ttl.of(Duration.ofSeconds(60), Duration.ofSeconds(15));
    static final Ttl L2_TTL = Ttl.of(Duration.ofMinutes(30), Duration.ofMinutes(10));
    private static final Ttl ABSENT_L1_TTL = Ttl.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final Ttl ABSENT_L2_TTL = Ttl.of(Duration.ofMinutes(5), Duration.ofSeconds(60));

    final String prefix;
    final RedisExecutor redis;
    private final LettuceConnectionFactory connections;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "bench-cache-background");
        thread.setDaemon(true);
        return thread;
    });
    private final CacheFactory factory;

    /** @param specs per cache name; see {@link #spec} */
    BenchCaches(String prefix, Map<String, CacheProperties.Spec> specs) {
        this.prefix = prefix;
        int port = Integer.getInteger("bench.redis.port", 6379);
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
        connections.afterPropertiesSet();
        connections.start();
        CacheProperties properties = new CacheProperties(prefix, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofSeconds(1), new CacheProperties.Lease(Duration.ofSeconds(2), Duration.ofSeconds(2),
                        Duration.ofMillis(2), Duration.ofMillis(25), true),
                new CacheProperties.RedisCircuitSettings(50, Duration.ofSeconds(5), 5, Duration.ofSeconds(2), 3),
                new CacheProperties.Refresh(0.2, Duration.ofSeconds(60), 2, 1_000),
                new CacheProperties.Outbox(Duration.ofMillis(250), 1_000, Duration.ofSeconds(60), 10_000,
                        Duration.ofSeconds(60), Duration.ofHours(3), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(1)),
                new CacheProperties.Invalidation(Duration.ofSeconds(5), Duration.ofSeconds(3)),
                new CacheProperties.BloomSchedule(Duration.ofSeconds(30), Duration.ofHours(6)), specs, Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Ticker ticker = Ticker.systemTicker();
        RedisCircuit circuit = new RedisCircuit(CircuitBreakerRegistry.ofDefaults(), new RedisCircuit.Settings(50,
                Duration.ofSeconds(5), 5, Duration.ofSeconds(2), 3), ticker);
        RedisClient client = (RedisClient) connections.getRequiredNativeClient();
        redis = new RedisExecutor(() -> client.connect(ByteArrayCodec.INSTANCE), circuit, Duration.ofSeconds(5),
                Duration.ofSeconds(1), ticker, meters);
        CacheRegistry registry = new CacheRegistry();
        OutboxTail tail = new OutboxTail(InvalidationLog.none(), registry, redis, ticker, Clock.systemUTC(),
                new OutboxTail.Settings(1_000, Duration.ofSeconds(60), 10_000, Duration.ofSeconds(60),
                        Duration.ofHours(3), Duration.ofSeconds(60)));
        InvalidationBus bus = new InvalidationBus(registry, tail, redis, () -> client.connectPubSub(
                ByteArrayCodec.INSTANCE), prefix, Clock.systemUTC(), ticker, Duration.ofSeconds(3), meters);
        ReadEngine engine = new ReadEngine(redis, Guards.REDIS, LoadTransaction.direct(), ticker,
                new ReadEngine.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(2),
                        Duration.ofMillis(25)), background, background, RacePoints.NONE);
        factory = new CacheFactory(new CacheFactory.Shared(properties, redis, engine,
                new Invalidator(InvalidationLog.none(), redis, bus, tail), registry, JsonMapper.builder().build(),
                meters, ticker, java.util.concurrent.ForkJoinPool.commonPool(), RacePoints.NONE));
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
                new CacheProperties.Absent(true, ABSENT_L1_TTL, ABSENT_L2_TTL), 0,
                CacheProperties.ListShape.DEFAULT);
    }

    <V> LayeredCache<V> cache(String name, Class<V> type, String keyPattern, EntityLoader<V> loader) {
        return factory.cache(name, type).keyPattern(keyPattern).loader(loader).build();
    }

    /** The key the caches write for an id under a pattern such as {@code art:{id}:info}. */
    byte[] key(String pattern, long id) {
        return com.newsfeed.cache.remote.KeyLayout.key(prefix, pattern, id).getBytes(StandardCharsets.UTF_8);
    }

    /** The PTTL of each key, in one round trip. */
    List<Long> pttls(List<byte[]> keys) {
        RedisBatch batch = redis.batch();
        List<Supplier<Long>> replies = new ArrayList<>();
        for (byte[] key : keys) {
            RedisReply<Long> reply = batch.pttl(key);
            replies.add(reply::value);
        }
        batch.execute();
        return replies.stream().map(Supplier::get).toList();
    }

    long memoryUsage(byte[] key) {
        Long bytes = redis.call("memory usage", commands -> commands.memoryUsage(key));
        return bytes == null ? 0 : bytes;
    }

    /** Deletes every key under this prefix. */
    void deleteAll() {
        redis.call("delete " + prefix, commands -> {
            ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1_000);
            KeyScanCursor<byte[]> cursor = commands.scan(ScanCursor.INITIAL, match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    commands.del(cursor.getKeys().toArray(byte[][]::new));
                }
                if (cursor.isFinished()) {
                    return null;
                }
                cursor = commands.scan(cursor, match);
            }
        });
    }

    @Override
    public void close() {
        redis.close();
        background.shutdownNow();
        connections.destroy();
    }
}
