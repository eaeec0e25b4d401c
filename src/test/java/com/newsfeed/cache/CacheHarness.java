package com.newsfeed.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * One "instance" of the cache core for tests: its own L1, meters and fake clock, over a real Redis, under a key
 * prefix of the test's own. Two harnesses made with the same prefix behave as two service instances.
 */
final class CacheHarness {

    static final Ttl L1_TTL = Ttl.of(Duration.ofSeconds(60), Duration.ofSeconds(15));
    static final Ttl L2_TTL = Ttl.of(Duration.ofMinutes(30), Duration.ofMinutes(10));
    static final Ttl ABSENT_L1_TTL = Ttl.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    static final Ttl ABSENT_L2_TTL = Ttl.of(Duration.ofMinutes(5), Duration.ofSeconds(60));
    static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

    /** A cache configuration under test. */
    record Setup(String label, boolean l1, L2Layout l2, boolean absentMarkers) {

        @Override
        public String toString() {
            return label;
        }
    }

    static final class FakeTicker implements Ticker {

        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    final String prefix;
    final FakeTicker ticker = new FakeTicker();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CacheRegistry registry = new CacheRegistry();
    final StringRedisTemplate redis = TestRedis.strings();
    private final CacheFactory factory;
    private final RedisCircuit circuit;
    private final RedisTemplate<byte[], byte[]> bytes;

    CacheHarness(Setup setup, Duration leaseWait) {
        this(newPrefix(), setup, leaseWait, TestRedis.connectionFactory(), DataSize.ofMegabytes(8));
    }

    CacheHarness(String prefix, Setup setup, Duration leaseWait, RedisConnectionFactory connections,
            DataSize l1Weight) {
        this(prefix, setup, leaseWait, connections, l1Weight, true);
    }

    CacheHarness(String prefix, Setup setup, Duration leaseWait, RedisConnectionFactory connections,
            DataSize l1Weight, boolean guardFills) {
        this.prefix = prefix;
        CacheProperties.Spec spec = new CacheProperties.Spec(
                new CacheProperties.L1(setup.l1(), l1Weight, L1_TTL),
                new CacheProperties.L2(setup.l2() != null, setup.l2() == null ? L2Layout.STRING : setup.l2(), L2_TTL),
                new CacheProperties.Absent(setup.absentMarkers(), ABSENT_L1_TTL, ABSENT_L2_TTL));
        CacheProperties properties = new CacheProperties(prefix, Duration.ofSeconds(10), STALE_IF_ERROR,
                new CacheProperties.Lease(Duration.ofSeconds(5), leaseWait, guardFills),
                new CacheProperties.RedisCircuitSettings(50, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                java.util.Map.of("items", spec),
                java.util.Map.of("items", new CacheProperties.Bloom(10_000, 0.01)));
        this.circuit = new CacheConfiguration().redisCircuit(properties, meters);
        this.bytes = new CacheConfiguration().cacheRedisTemplate(connections, circuit);
        bytes.afterPropertiesSet();
        this.factory = new CacheFactory(properties, bytes, JsonMapper.builder().build(), meters, ticker, registry,
                null, circuit);
    }

    static String newPrefix() {
        return "test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    LayeredCache<Item> cache(FakeItems items) {
        return cache(items, null);
    }

    LayeredCache<Item> cache(FakeItems items, RedisBloomFilter bloom) {
        return factory.cache("items", Item.class).keyPattern("item:{id}").loader(items).bloomFilter(bloom).build();
    }

    /** A cache whose values carry a row version (here: the score), so hash entries can be updated in place. */
    LayeredCache<Item> versionedCache(FakeItems items) {
        return factory.cache("items", Item.class).keyPattern("item:{id}").loader(items).rowVersion(Item::score)
                .build();
    }

    RedisBloomFilter bloomFilter(FakeItems items) {
        return factory.bloomFilter("items", items);
    }

    /** What the one-second maintenance schedule does: probe a tripped breaker. */
    void probe() {
        ((GuardedRedisTemplate) bytes).probeIfNotClosed();
    }

    boolean circuitClosed() {
        return "CLOSED".equals(circuit.state());
    }

    boolean circuitDistrustsL2() {
        return circuit.distrustL2();
    }

    String key(long id) {
        return prefix + "item:" + id;
    }

    String leaseKey(long id) {
        return prefix + "lease:item:" + id;
    }

    double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    double gets(String level, String result) {
        return count("newsfeed.cache.gets", "level", level, "result", result);
    }

    /** Deletes every key this harness wrote. */
    void cleanUp() {
        var keys = redis.keys(prefix + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
