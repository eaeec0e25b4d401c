package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * At most one load per key per lease period across the fleet, {@code get} and {@code getAll} alike (invariant I4);
 * Redis failures of any kind are misses counted by the breaker (I6); database failures are errors, never mistaken
 * for Redis ones (I7).
 */
class LoadControlIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);
    private static final List<Long> TEN = LongStream.rangeClosed(1, 10).boxed().toList();

    private CacheHarness harness;
    private CacheHarness other;

    @AfterEach
    void tearDown() {
        if (other != null) {
            other.close();
        }
        harness.close();
    }

    /** Defect 9: getAll goes through the same single flight as get. */
    @Test
    void concurrentGetAlls_inOneInstance_loadEachIdOnce() throws Exception {
        harness = new CacheHarness(FULL);
        FakeItems items = tenItems();
        LayeredCache<Item> cache = harness.cache(items);
        items.close();
        CompletableFuture<Map<Long, CachedValue<Item>>> first = CompletableFuture.supplyAsync(() -> cache.getAll(TEN));
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Map<Long, CachedValue<Item>>> second = CompletableFuture.supplyAsync(() -> cache.getAll(TEN));
        CompletableFuture<Item> single = CompletableFuture.supplyAsync(() -> cache.getValue(4).orElseThrow());
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.gets("l1", "miss") == 21);
        items.open();

        assertThat(first.get(5, TimeUnit.SECONDS)).hasSize(10);
        assertThat(second.get(5, TimeUnit.SECONDS)).hasSize(10);
        assertThat(single.get(5, TimeUnit.SECONDS).name()).isEqualTo("n4");
        assertThat(items.loadedIds).as("ids loaded from the database").hasValue(10);
    }

    /** Defect 9: getAll respects the leases another instance holds, and takes its fills. */
    @Test
    void getAll_waitsForAnotherInstancesLeases_insteadOfLoadingToo() throws Exception {
        harness = new CacheHarness(FULL);
        other = new CacheHarness(harness.prefix, FULL, CacheHarness.Options.defaults());
        FakeItems items = tenItems();
        LayeredCache<Item> a = harness.cache(items);
        LayeredCache<Item> b = other.cache(items);
        items.holdNext();
        CompletableFuture<Map<Long, CachedValue<Item>>> onA = CompletableFuture.supplyAsync(() -> a.getAll(TEN));
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Map<Long, CachedValue<Item>>> onB = CompletableFuture.supplyAsync(() -> b.getAll(TEN));
        await().atMost(Duration.ofSeconds(5)).until(() -> other.count("newsfeed.cache.lease.waits") == 10);
        items.open();

        assertThat(onA.get(5, TimeUnit.SECONDS)).hasSize(10);
        assertThat(onB.get(5, TimeUnit.SECONDS)).hasSize(10);
        assertThat(items.loadedIds).hasValue(10);
        assertThat(other.gets("l2", "hit")).as("B took A's fills").isEqualTo(10);
    }

    /** Defect 9: a load slower than the lease TTL keeps its lease, so the other instance keeps waiting. */
    @Test
    void loadSlowerThanTheLease_extendsIt_soNobodyElseLoads() throws Exception {
        CacheHarness.Options slowLoads = CacheHarness.Options.defaults().leaseTtl(Duration.ofMillis(300))
                .leaseWait(Duration.ofSeconds(30));
        harness = new CacheHarness(CacheHarness.newPrefix(), FULL, slowLoads);
        other = new CacheHarness(harness.prefix, FULL, slowLoads);
        FakeItems items = new FakeItems().with(11, "slow");
        LayeredCache<Item> a = harness.cache(items);
        LayeredCache<Item> b = other.cache(items);
        items.holdNext();
        CompletableFuture<Item> onA = CompletableFuture.supplyAsync(() -> a.getValue(11).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Item> onB = CompletableFuture.supplyAsync(() -> b.getValue(11).orElseThrow());

        // Redis expires leases in real time: watch the holder extend it, well past its 300 ms.
        AtomicLong lastTtl = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger extensions = new AtomicInteger();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            long ttl = harness.redis.getExpire(harness.leaseKey(11), TimeUnit.MILLISECONDS);
            if (ttl > lastTtl.getAndSet(ttl)) {
                extensions.incrementAndGet();
            }
            return extensions.get() >= 6;
        });
        assertThat(harness.redis.hasKey(harness.leaseKey(11))).as("extended by its holder").isTrue();
        assertThat(onB).as("B still waits for A's fill").isNotDone();
        items.open();

        assertThat(onA.get(5, TimeUnit.SECONDS).name()).isEqualTo("slow");
        assertThat(onB.get(5, TimeUnit.SECONDS).name()).isEqualTo("slow");
        assertThat(items.loads).hasValue(1);
    }

    /**
     * A load stuck past the followers' wait (a database that hangs on one query): one follower takes it over, the
     * others follow that one, so the database sees one more load, not one per waiting reader.
     */
    @Test
    void loadStuckPastTheWait_isTakenOverByOneFollower_notByEach() throws Exception {
        harness = new CacheHarness(CacheHarness.newPrefix(), FULL, CacheHarness.Options.defaults()
                .leaseTtl(Duration.ofMillis(300)).leaseWait(Duration.ofSeconds(1)));
        FakeItems items = new FakeItems().with(5, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        items.holdNext();
        CompletableFuture<Item> stuck = CompletableFuture.supplyAsync(() -> cache.getValue(5).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Item>> followers = LongStream.range(0, 4).mapToObj(n -> CompletableFuture
                .supplyAsync(() -> cache.getValue(5).orElseThrow())).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.gets("l1", "miss") == 5);

        harness.ticker.advance(Duration.ofMillis(1_400)); // past the follow wait (lease wait + lease TTL)
        // The one that took over finds the stuck load's lease (still extended) and waits for its fill ...
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.count("newsfeed.cache.lease.waits") == 1);
        harness.ticker.advance(Duration.ofMillis(1_050)); // ... until its own lease wait is over, then loads

        for (CompletableFuture<Item> follower : followers) {
            assertThat(follower.get(5, TimeUnit.SECONDS).name()).isEqualTo("v1");
        }
        assertThat(items.loads).as("the stuck load and the one that took it over").hasValue(2);
        assertThat(harness.count("newsfeed.cache.lease.timeouts")).isEqualTo(1);
        items.open();
        assertThat(stuck.get(5, TimeUnit.SECONDS).name()).isEqualTo("v1");
        assertThat(items.loads).hasValue(2);
    }

    /**
     * A database that hangs on a key: however many readers wait for it, this instance sends it at most three
     * loads of the key (the stuck one and two take-overs); the readers left after three waits get an error
     * (a 503 at the API) instead of a load each.
     */
    @Test
    void databaseHangingOnAKey_getsAtMostThreeLoads_andTheRestOfTheReadersFail() throws Exception {
        AtomicInteger following = new AtomicInteger();
        harness = new CacheHarness(CacheHarness.newPrefix(), FULL, CacheHarness.Options.defaults()
                .leaseTtl(Duration.ofMillis(300)).leaseWait(Duration.ofSeconds(1)).points((point, cache, id) -> {
                    if (point == com.newsfeed.cache.load.RacePoints.Point.FOLLOWING) {
                        following.incrementAndGet();
                    }
                }));
        FakeItems items = new FakeItems().with(5, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        items.close(); // every load hangs until the end of the test
        CompletableFuture<Item> first = CompletableFuture.supplyAsync(() -> cache.getValue(5).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Item>> readers = LongStream.range(0, 5).mapToObj(n -> CompletableFuture
                .supplyAsync(() -> cache.getValue(5).orElseThrow())).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> following.get() == 5);

        harness.ticker.advance(Duration.ofMillis(1_400)); // the first wait (lease wait + lease TTL) is over
        await().atMost(Duration.ofSeconds(5)).until(() -> following.get() == 9
                && harness.count("newsfeed.cache.lease.waits") == 1); // one took over, it waits for the lease
        harness.ticker.advance(Duration.ofMillis(1_050));
        await().atMost(Duration.ofSeconds(5)).until(() -> items.loads.get() == 2); // it loads: hangs too
        harness.ticker.advance(Duration.ofMillis(300)); // the second wait is over
        await().atMost(Duration.ofSeconds(5)).until(() -> following.get() == 12
                && harness.count("newsfeed.cache.lease.waits") == 2);
        harness.ticker.advance(Duration.ofMillis(1_050));
        await().atMost(Duration.ofSeconds(5)).until(() -> items.loads.get() == 3);
        harness.ticker.advance(Duration.ofMillis(300)); // the third wait is over

        await().atMost(Duration.ofSeconds(5)).until(() -> readers.stream().filter(CompletableFuture::isDone)
                .count() == 3);
        assertThat(readers.stream().filter(CompletableFuture::isCompletedExceptionally))
                .as("the readers left after three waits").hasSize(3)
                .allSatisfy(reader -> assertThatThrownBy(reader::join).hasCauseInstanceOf(LoadTimeoutException.class));
        assertThat(items.loads).as("the stuck load and two take-overs, for six readers").hasValue(3);
        items.open();
        assertThat(first.get(5, TimeUnit.SECONDS).name()).isEqualTo("v1");
        for (CompletableFuture<Item> reader : readers) {
            if (!reader.isCompletedExceptionally()) {
                assertThat(reader.get(5, TimeUnit.SECONDS).name()).isEqualTo("v1");
            }
        }
        assertThat(items.loads).hasValue(3);
    }

    /** Defect 9: a key of another type (a layout change) is an unreadable entry, overwritten; never an outage. */
    @Test
    void keyOfAnotherType_isOverwritten_andNeverCountedAsARedisFailure() {
        harness = new CacheHarness(FULL);
        FakeItems items = new FakeItems().with(12, "twelve");
        LayeredCache<Item> cache = harness.cache(items);
        harness.redis.opsForHash().putAll(harness.key(12), Map.of("_v", "1", "name", "from the hash layout"));

        assertThat(cache.getValue(12).orElseThrow().name()).isEqualTo("twelve");

        assertThat(harness.redis.type(harness.key(12)).code()).isEqualTo("string");
        assertThat(harness.count("newsfeed.cache.l2.errors")).isZero();
        assertThat(harness.circuit.failedCalls()).isZero();
        assertThat(items.loads).hasValue(1);
    }

    /** Defect 10: a database failure is the caller's error, loaded once, never counted against Redis. */
    @Test
    void databaseFailureDuringALoad_propagates_once_andGivesTheLeaseBack() {
        harness = new CacheHarness(FULL);
        FakeItems items = new FakeItems().with(13, "thirteen");
        LayeredCache<Item> cache = harness.cache(items);
        items.down = true;

        assertThatThrownBy(() -> cache.get(13)).isInstanceOf(DataAccessResourceFailureException.class);

        assertThat(items.loads).as("no retry as if Redis had failed").hasValue(1);
        assertThat(harness.count("newsfeed.cache.loads", "result", "error")).isEqualTo(1);
        assertThat(harness.count("newsfeed.cache.l2.errors")).isZero();
        assertThat(harness.circuit.failedCalls()).isZero();
        assertThat(harness.redis.hasKey(harness.leaseKey(13))).as("the lease was given back").isFalse();
        items.down = false;
        assertThat(cache.getValue(13).orElseThrow().name()).isEqualTo("thirteen");
    }

    /** Defect 4: any client exception (here one that is not a Redis one at all) is a miss the breaker counts. */
    @Test
    void clientExceptionOfAnyKind_isAMissCountedByTheBreaker() {
        harness = new CacheHarness(FULL);
        RedisCircuit circuit = new RedisCircuit(CircuitBreakerRegistry.ofDefaults(), new RedisCircuit.Settings(50,
                Duration.ofSeconds(5), 5, Duration.ofSeconds(2), 3), harness.ticker);
        RedisExecutor broken = new RedisExecutor(() -> {
            throw new IllegalStateException("Pool exhausted (as a pool borrow would fail)");
        }, circuit, Duration.ofMillis(100), Duration.ZERO, harness.ticker, new SimpleMeterRegistry());

        RedisBatch batch = broken.batch();
        batch.get(harness.key(14).getBytes());
        assertThatThrownBy(batch::execute).isInstanceOf(RedisUnavailableException.class);
        assertThatThrownBy(() -> broken.call("ping", commands -> commands.ping()))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(circuit.failedCalls()).isEqualTo(2);
    }

    private static FakeItems tenItems() {
        FakeItems items = new FakeItems();
        TEN.forEach(id -> items.with(id, "n" + id));
        return items;
    }
}
