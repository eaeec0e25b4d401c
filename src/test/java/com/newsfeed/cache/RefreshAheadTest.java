package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.invalidation.InvalidationLog;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.load.LoadTransaction;
import com.newsfeed.cache.load.RacePoints;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.local.CaffeineLevel;
import com.newsfeed.cache.metrics.CacheMetrics;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RemoteLevel;
import com.newsfeed.cache.remote.ValueCodec;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refresh-ahead, through the levels' seams with no Redis: two instances share an in-memory L2 on one fake
 * ticker, so ten minutes pass in milliseconds and L2's TTLs pass with them.
 */
class RefreshAheadTest {

    private static final Ttl L1_TTL = Ttl.of(Duration.ofSeconds(60), Duration.ofSeconds(15));
    private static final Ttl L2_TTL = Ttl.of(Duration.ofMinutes(5), Duration.ZERO);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CacheHarness.FakeTicker ticker = new CacheHarness.FakeTicker();
    private final InMemoryRedis redis = new InMemoryRedis(ticker);
    private final ScheduledExecutorService leaseExtensions = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        leaseExtensions.shutdownNow();
        background.shutdownNow();
    }

    @Test
    void hotKeyReadEverySecondForTenMinutes_missesL1OnceOnEachInstance_andL2IsRenewedBeforeItExpires() {
        FakeItems items = new FakeItems().with(1, "hot");
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        LayeredCache<Item> a = instance(items, metersA, Runnable::run);
        LayeredCache<Item> b = instance(items, metersB, Runnable::run);

        for (int second = 0; second < 600; second++) {
            assertThat(a.getValue(1)).isPresent();
            assertThat(b.getValue(1)).isPresent();
            ticker.advance(Duration.ofSeconds(1));
        }

        assertThat(l1Misses(metersA)).as("instance A").isEqualTo(1);
        assertThat(l1Misses(metersB)).as("instance B").isEqualTo(1);
        assertThat(items.loads.get()).as("loads in 10 min with a 5 min L2 TTL, across both instances")
                .isBetween(2, 3);
        assertThat(metersA.counter("newsfeed.cache.refreshes", "cache", "items", "result", "done").count()
                + metersB.counter("newsfeed.cache.refreshes", "cache", "items", "result", "done").count())
                .isGreaterThan(10);
    }

    @Test
    void refreshThatAnEvictionOvertakes_keepsNothing_likeAnyLoad() throws Exception {
        FakeItems items = new FakeItems().with(2, "v1");
        LayeredCache<Item> cache = instance(items, new SimpleMeterRegistry(), background);
        cache.get(2);
        ticker.advance(Duration.ofMinutes(4).plusSeconds(50)); // L2 has 10 s left: a refresh reloads
        CacheLevels<Item> levels = cache.levels();
        levels.evictLocal(2);
        cache.get(2);                                          // refilled from L2, near the end of its TTL
        ticker.advance(Duration.ofSeconds(9));

        items.holdNext();
        cache.get(2);                                          // a hit in the last part: refresh in background
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).as("the refresh read v1").isTrue();
        items.with(2, "v2");                                   // a write commits and is invalidated
        levels.remote.delete(null, 2);
        levels.evictLocal(2);
        items.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> levels.metrics.refreshesDone.count() == 1);

        assertThat(cache.peekLocal(2)).as("the refresh kept nothing").isEmpty();
        assertThat(cache.getValue(2).orElseThrow().name()).isEqualTo("v2");
    }

    @Test
    void aHotKeyReadManyTimesBeforeItsRefreshRuns_isRefreshedOnce() {
        FakeItems items = new FakeItems().with(3, "hot");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        LayeredCache<Item> cache = instance(items, meters, queued::add);
        cache.getValue(3);
        // Past the refresh point of any L1 TTL in [60 s, 75 s) (its last fifth), and before the end of any.
        ticker.advance(Duration.ofNanos(59_999_500_000L));

        for (int i = 0; i < 50; i++) {
            assertThat(cache.getValue(3)).isPresent();
        }
        assertThat(queued).as("each read in the window asked, before any refresh ran").hasSize(50);
        queued.forEach(Runnable::run);

        assertThat(meters.counter("newsfeed.cache.refreshes", "cache", "items", "result", "done").count())
                .as("the first renewed it; the others found it renewed").isEqualTo(1);
        assertThat(meters.counter("newsfeed.cache.gets", "cache", "items", "level", "l2", "result", "hit").count())
                .isEqualTo(1);
        assertThat(items.loads.get()).isEqualTo(1);
    }

    private LayeredCache<Item> instance(FakeItems items, SimpleMeterRegistry meters, Executor refreshes) {
        RedisCircuit circuit = new RedisCircuit(CircuitBreakerRegistry.ofDefaults(), new RedisCircuit.Settings(50,
                Duration.ofSeconds(5), 5, Duration.ofSeconds(2), 3), ticker);
        RedisExecutor noRedis = new RedisExecutor(() -> {
            throw new IllegalStateException("in-memory L2: nothing may reach Redis");
        }, circuit, Duration.ofMillis(100), Duration.ofSeconds(1), ticker, meters);
        ValueCodec<Item> codec = new ValueCodec<>(JSON, JSON.constructType(Item.class), 1, null);
        RemoteLevel<Item> remote = redis.level("items", L2_TTL, 2_000, codec);
        CacheLevels<Item> levels = new CacheLevels<>("items", new CaffeineLevel<>(8 << 20, Duration.ofMinutes(5),
                ticker, Runnable::run), remote, IdFilter.none(), items, codec, new CacheMetrics("items", meters),
                ticker, new CacheLevels.LocalTimes(L1_TTL, L1_TTL, true, 0.2, 60_000), RacePoints.NONE);
        ReadEngine engine = new ReadEngine(noRedis, redis, LoadTransaction.direct(), ticker,
                new ReadEngine.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(2),
                        Duration.ofMillis(25)), refreshes, leaseExtensions, RacePoints.NONE);
        CacheProperties.Spec spec = new CacheProperties.Spec(new CacheProperties.L1(true,
                org.springframework.util.unit.DataSize.ofMegabytes(8), L1_TTL),
                new CacheProperties.L2(true, L2Layout.STRING, L2_TTL), new CacheProperties.Absent(true, L1_TTL,
                        L1_TTL), 0, CacheProperties.ListShape.DEFAULT);
        return new LayeredCache<>(levels, engine, new Invalidator(InvalidationLog.none(), noRedis, null, null),
                noRedis, spec, null);
    }

    private static double l1Misses(SimpleMeterRegistry meters) {
        return meters.counter("newsfeed.cache.gets", "cache", "items", "level", "l1", "result", "miss").count();
    }
}
