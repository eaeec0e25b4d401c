package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.invalidation.InvalidationKind;
import com.newsfeed.cache.invalidation.JdbcInvalidationLog;
import com.newsfeed.cache.load.RacePoints;

/**
 * The interleavings in which a value read before a write could be kept after its eviction (invariant I1), or an
 * eviction lost (I2), each forced deterministically: a thread is paused at the exact point through the core's
 * race points (or the loader's gate) while the other side runs.
 */
class StaleValueRacesIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private CacheHarness harness;
    private CacheHarness other;
    private LettuceConnectionFactory nowhere;

    @AfterEach
    void tearDown() {
        if (other != null) {
            other.close();
        }
        if (harness != null) {
            harness.close();
        }
        if (nowhere != null) {
            nowhere.destroy();
        }
    }

    /** Defect 1: A cannot reach Redis; its write reaches B through the outbox, and B's load never fills v1. */
    @Test
    void writerCutOffFromRedis_theirEvictionStillCancelsALoadUnderLeaseElsewhere() throws Exception {
        harness = new CacheHarness(FULL);
        other = new CacheHarness(harness.prefix, FULL, CacheHarness.Options.defaults()
                .connections(nowhere = TestRedis.connect("127.0.0.1", closedPort(), Duration.ofMillis(200))));
        FakeItems items = new FakeItems().with(1, "v1");
        LayeredCache<Item> b = harness.cache(items);
        LayeredCache<Item> a = other.cache(items);
        items.holdNext();
        CompletableFuture<Item> reader = CompletableFuture.supplyAsync(() -> b.getValue(1).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).as("B's load read v1 under its lease").isTrue();

        other.inTransaction(() -> {
            items.with(1, "v2");
            a.evictAfterCommit(1); // its delivery fails: A cannot reach Redis
        });
        harness.poll();            // B's tail sees the row, no message came: B holds the key out of L2 reads
        items.open();

        assertThat(reader.get(5, TimeUnit.SECONDS).name()).as("the reader started before the write").isEqualTo("v1");
        assertThat(b.undelivered()).isEqualTo(1);
        assertThat(b.getValue(1).orElseThrow().name()).as("never the old row, from any level").isEqualTo("v2");
        harness.poll();            // still unconfirmed a poll later: B delivers it (the delete cancels the lease)
        assertThat(b.undelivered()).isZero();
        assertThat(harness.redis.opsForValue().get(harness.key(1))).as("no v1 in Redis")
                .satisfiesAnyOf(stored -> assertThat(stored).isNull(), stored -> assertThat(stored).contains("v2"));
        b.evictLocal(1);
        assertThat(b.getValue(1).orElseThrow().name()).isEqualTo("v2");
    }

    /** Defect 1: a writer that dies between its commit and its delivery; others deliver, also one started later. */
    @Test
    void writerCrashedAfterItsCommit_isDeliveredByEveryOtherInstance_andByOneStartedAfterwards() {
        harness = new CacheHarness(FULL);
        FakeItems items = new FakeItems().with(2, "v1");
        LayeredCache<Item> b = harness.cache(items);
        b.get(2);
        items.with(2, "v2"); // the write committed with its outbox row, and then its writer died
        new JdbcInvalidationLog(harness.outboxDatabase, java.time.Clock.systemUTC()).append("items", 2,
                InvalidationKind.EVICT, null);
        assertThat(b.getValue(2).orElseThrow().name()).as("before B's poll").isEqualTo("v1");

        harness.poll();      // dropped from L1 at once, the key held out of L2 reads
        assertThat(b.peekLocal(2)).isEmpty();
        assertThat(b.getValue(2).orElseThrow().name()).isEqualTo("v2");
        harness.poll();      // no message came: delivered to Redis a poll later
        assertThat(harness.redis.opsForValue().get(harness.key(2))).as("no v1 in Redis")
                .satisfiesAnyOf(stored -> assertThat(stored).isNull(), stored -> assertThat(stored).contains("v2"));
        assertThat(harness.undeliveredRows()).isZero();

        items.with(2, "v3");  // and again, with nobody running this time
        harness.redis.opsForValue().set(harness.key(2), "1:{\"id\":2,\"name\":\"v2\"}");
        new JdbcInvalidationLog(harness.outboxDatabase, java.time.Clock.systemUTC()).append("items", 2,
                InvalidationKind.EVICT, null);
        other = new CacheHarness(harness.prefix, FULL, CacheHarness.Options.defaults());
        LayeredCache<Item> started = other.cache(new FakeItems().with(2, "v3")); // its start: the first poll
        assertThat(harness.redis.hasKey(harness.key(2))).as("delivered by the new instance's first poll")
                .isFalse();
        assertThat(started.getValue(2).orElseThrow().name()).isEqualTo("v3");
    }

    /** Defect 2: an eviction between L1's stamp check and its put. */
    @Test
    void evictionBetweenTheStampCheckAndThePut_leavesNoEntry() throws Exception {
        PausePoint pause = new PausePoint(RacePoints.Point.L1_STAMP_CHECKED, 3);
        harness = new CacheHarness(harness(), FULL, CacheHarness.Options.defaults().points(pause));
        FakeItems items = new FakeItems().with(3, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        pause.arm();
        CompletableFuture<Item> reader = CompletableFuture.supplyAsync(() -> cache.getValue(3).orElseThrow());
        pause.awaitArrival();

        cache.evictLocal(3); // an invalidation message lands here
        pause.resume();

        assertThat(reader.get(5, TimeUnit.SECONDS).name()).isEqualTo("v1");
        assertThat(cache.peekLocal(3)).as("no pre-write value left in L1").isEmpty();
    }

    /** Defect 2, for a whole-cache clear. */
    @Test
    void clearBetweenTheStampCheckAndThePut_leavesNoEntry() throws Exception {
        PausePoint pause = new PausePoint(RacePoints.Point.L1_STAMP_CHECKED, 4);
        harness = new CacheHarness(harness(), FULL, CacheHarness.Options.defaults().points(pause));
        LayeredCache<Item> cache = harness.cache(new FakeItems().with(4, "v1"));
        pause.arm();
        CompletableFuture<Item> reader = CompletableFuture.supplyAsync(() -> cache.getValue(4).orElseThrow());
        pause.awaitArrival();

        cache.clearLocal();
        pause.resume();

        reader.get(5, TimeUnit.SECONDS);
        assertThat(cache.peekLocal(4)).isEmpty();
    }

    /**
     * Defect 3: a reader that arrives after the eviction (the writer's own next GET) never joins the load that read
     * the row before it; one that had joined before the eviction reads again.
     */
    @Test
    void readersOfALoadThatAnEvictionOvertook_neverGetItsOldRow() throws Exception {
        harness = new CacheHarness(FULL);
        FakeItems items = new FakeItems().with(5, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        items.holdNext();
        CompletableFuture<Item> first = CompletableFuture.supplyAsync(() -> cache.getValue(5).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Item> joinedBefore = new CompletableFuture<>();
        Thread follower = new Thread(() -> joinedBefore.complete(cache.getValue(5).orElseThrow()));
        follower.start();
        // It waits on the first reader's load (a timed wait, in slices), not on a load of its own.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> follower.getState() == Thread.State.TIMED_WAITING);

        items.with(5, "v2");
        harness.inTransaction(() -> cache.evictAfterCommit(5));
        Item arrivedAfter = cache.getValue(5).orElseThrow();
        items.open();

        assertThat(arrivedAfter.name()).isEqualTo("v2");
        assertThat(first.get(5, TimeUnit.SECONDS).name()).as("its own caller began before the write")
                .isEqualTo("v1");
        assertThat(joinedBefore.get(5, TimeUnit.SECONDS).name()).isEqualTo("v2");
        assertThat(harness.count("newsfeed.cache.coalesced.retries")).isEqualTo(1);
        assertThat(cache.peekLocal(5).orElseThrow().value().name()).isEqualTo("v2");
    }

    /**
     * Defect 5: a read inside a caller's transaction (under REPEATABLE READ its snapshot may be older than a write
     * another instance already evicted) answers, but keeps nothing at any level and takes no lease.
     */
    @Test
    void readInsideACallersTransaction_isAnsweredButNeverKept() {
        harness = new CacheHarness(FULL);
        FakeItems items = new FakeItems().with(6, "from the snapshot");
        LayeredCache<Item> cache = harness.cache(items);

        harness.inTransaction(() -> assertThat(cache.getValue(6).orElseThrow().name())
                .isEqualTo("from the snapshot"));

        assertThat(harness.redis.hasKey(harness.key(6))).isFalse();
        assertThat(harness.redis.hasKey(harness.leaseKey(6))).isFalse();
        assertThat(cache.peekLocal(6)).isEmpty();
        items.with(6, "committed");
        assertThat(cache.getValue(6).orElseThrow().name()).isEqualTo("committed");
        assertThat(harness.redis.opsForValue().get(harness.key(6))).contains("committed");
        assertThat(items.loads).hasValue(2);
    }

    /** An L2 hit inside a transaction is kept as usual: it is not the transaction's snapshot. */
    @Test
    void l2HitInsideATransaction_isKeptInL1() {
        harness = new CacheHarness(FULL);
        LayeredCache<Item> cache = harness.cache(new FakeItems().with(7, "cached"));
        cache.get(7);
        cache.evictLocal(7);

        harness.inTransaction(() -> cache.get(7));

        assertThat(cache.peekLocal(7)).isPresent();
        assertThat(harness.gets("l2", "hit")).isEqualTo(1);
    }

    private static String harness() {
        return CacheHarness.newPrefix();
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
