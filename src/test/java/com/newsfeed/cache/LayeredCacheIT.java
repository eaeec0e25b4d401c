package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.DataType;
import org.springframework.util.unit.DataSize;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.remote.KeyLayout;

/** The read path across configurations, over a real Redis, with a fake clock for L1. */
class LayeredCacheIT {

    static Stream<Setup> setups() {
        return Stream.of(
                new Setup("L1 only", true, null, true),
                new Setup("L1 + L2 string", true, L2Layout.STRING, true),
                new Setup("L1 + L2 hash", true, L2Layout.HASH, true),
                new Setup("L2 string only", false, L2Layout.STRING, true),
                new Setup("L1 + L2 string, no absent markers", true, L2Layout.STRING, false),
                new Setup("L1 + L2 hash, no absent markers", true, L2Layout.HASH, false));
    }

    static Stream<Setup> withRedis() {
        return setups().filter(setup -> setup.l2() != null);
    }

    static Stream<Setup> withBothLevels() {
        return withRedis().filter(Setup::l1);
    }

    private CacheHarness harness;

    @AfterEach
    void cleanUp() {
        if (harness != null) {
            harness.close();
        }
    }

    private CacheHarness harness(Setup setup) {
        harness = new CacheHarness(setup, Duration.ofSeconds(2));
        return harness;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void get_coldKey_loadsOnceThenServesFromTheNearestLevel(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(1, "one");
        LayeredCache<Item> cache = h.cache(items);

        assertThat(cache.getValue(1)).contains(Item.of(1, "one"));
        assertThat(cache.getValue(1)).contains(Item.of(1, "one"));

        assertThat(items.loads).hasValue(1);
        if (setup.l1()) {
            assertThat(h.gets("l1", "hit")).isEqualTo(1);
            assertThat(h.gets("l1", "miss")).isEqualTo(1);
        } else {
            assertThat(h.gets("l2", "hit")).isEqualTo(1);
        }
        assertThat(h.count("newsfeed.cache.loads", "result", "found")).isEqualTo(1);
        if (setup.l2() == null) {
            assertThat(h.redis.hasKey(h.key(1))).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void fill_storesTheLayoutWithAJitteredTtl(Setup setup) {
        CacheHarness h = harness(setup);
        LayeredCache<Item> cache = h.cache(new FakeItems().with(7, "seven"));

        cache.get(7);

        String key = h.key(7);
        long ttl = h.redis.getExpire(key, TimeUnit.MILLISECONDS);
        assertThat(ttl).isBetween(Duration.ofMinutes(30).toMillis() - 5_000, Duration.ofMinutes(40).toMillis());
        assertThat(h.redis.hasKey(h.leaseKey(7))).as("the lease is released by the fill").isFalse();
        if (setup.l2() == L2Layout.STRING) {
            assertThat(h.redis.type(key)).isEqualTo(DataType.STRING);
            assertThat(h.redis.opsForValue().get(key)).isEqualTo("1:{\"id\":7,\"name\":\"seven\",\"score\":70,"
                    + "\"tags\":[\"a\",\"b\"],\"at\":\"2026-11-01T08:00:00.123Z\",\"kind\":\"FEATURED\",\"note\":null}");
        } else {
            assertThat(h.redis.type(key)).isEqualTo(DataType.HASH);
            assertThat(h.redis.<String, String>opsForHash().entries(key)).isEqualTo(Map.of(
                    "_v", "1", "id", "7", "name", "seven", "score", "70", "tags", "[\"a\",\"b\"]",
                    "at", "2026-11-01T08:00:00.123Z", "kind", "FEATURED"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void ttls_areSpreadOverTheJitterWindow(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 200).forEach(id -> items.with(id, "n" + id));
        LayeredCache<Item> cache = h.cache(items);

        cache.getAll(LongStream.rangeClosed(1, 200).boxed().toList());

        List<Long> ttls = LongStream.rangeClosed(1, 200)
                .mapToObj(id -> h.redis.getExpire(h.key(id), TimeUnit.MILLISECONDS)).toList();
        assertThat(ttls).allSatisfy(ttl -> assertThat(ttl)
                .isBetween(Duration.ofMinutes(30).toMillis() - 5_000, Duration.ofMinutes(40).toMillis()));
        long spreadMillis = ttls.stream().mapToLong(Long::longValue).max().orElseThrow()
                - ttls.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(spreadMillis).as("200 uniform draws over 10 min").isGreaterThan(Duration.ofMinutes(8).toMillis());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withBothLevels")
    void get_afterL1Expiry_refillsFromL2WithoutLoading(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(2, "two");
        LayeredCache<Item> cache = h.cache(items);
        cache.get(2);

        h.ticker.advance(Duration.ofSeconds(76)); // past the longest L1 TTL (60 s + 15 s)
        assertThat(cache.getValue(2)).contains(Item.of(2, "two"));

        assertThat(items.loads).hasValue(1);
        assertThat(h.gets("l2", "hit")).isEqualTo(1);
        assertThat(h.gets("l1", "miss")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withBothLevels")
    void l1Entry_refilledFromL2_livesNoLongerThanL2HasLeft(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(3, "three");
        LayeredCache<Item> cache = h.cache(items);
        cache.get(3);
        h.redis.expire(h.key(3), Duration.ofSeconds(30)); // L2 has 30 s left; L1 would keep 60 s or more
        cache.evictLocal(3);
        cache.get(3); // refilled from L2
        double l1HitsBefore = h.gets("l1", "hit");

        h.ticker.advance(Duration.ofSeconds(31));
        cache.get(3);

        assertThat(h.gets("l1", "hit")).as("expired from L1 with the L2 entry").isEqualTo(l1HitsBefore);
        assertThat(h.gets("l1", "miss")).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void get_missingId_isRememberedAsAbsentOnlyWhenMarkersAreOn(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems();
        LayeredCache<Item> cache = h.cache(items);

        assertThat(cache.get(404)).isEmpty();
        assertThat(cache.get(404)).isEmpty();

        assertThat(items.loads).hasValue(setup.absentMarkers() ? 1 : 2);
        assertThat(h.count("newsfeed.cache.loads", "result", "absent")).isEqualTo(setup.absentMarkers() ? 1 : 2);
        if (setup.l2() == null) {
            return;
        }
        String key = h.key(404);
        if (!setup.absentMarkers()) {
            assertThat(h.redis.hasKey(key)).isFalse();
            assertThat(h.redis.hasKey(h.leaseKey(404))).as("the unused lease is given back").isFalse();
            return;
        }
        if (setup.l2() == L2Layout.STRING) {
            assertThat(h.redis.opsForValue().get(key)).isEqualTo("-1");
        } else {
            assertThat(h.redis.<String, String>opsForHash().entries(key)).isEqualTo(Map.of("-1", "-1"));
        }
        assertThat(h.redis.getExpire(key, TimeUnit.MILLISECONDS))
                .isBetween(Duration.ofMinutes(5).toMillis() - 5_000, Duration.ofMinutes(6).toMillis());
        if (setup.l1()) {
            assertThat(h.gets("l1", "absent")).isEqualTo(1);
            cache.evictLocal(404);
        }
        assertThat(cache.get(404)).isEmpty();
        assertThat(h.gets("l2", "absent")).as("every read after the first").isEqualTo(setup.l1() ? 1 : 2);
        assertThat(items.loads).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void get_entryWrittenInAnotherFormatVersion_isAMissAndIsOverwritten(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(5, "five");
        LayeredCache<Item> cache = h.cache(items);
        String key = h.key(5);
        if (setup.l2() == L2Layout.STRING) {
            h.redis.opsForValue().set(key, "0:{\"legacy\":true}", Duration.ofMinutes(5));
        } else {
            h.redis.opsForHash().putAll(key, Map.of("_v", "0", "legacy", "true"));
        }

        assertThat(cache.getValue(5)).contains(Item.of(5, "five"));

        assertThat(items.loads).hasValue(1);
        assertThat(h.gets("l2", "miss")).isEqualTo(1);
        if (setup.l2() == L2Layout.STRING) {
            assertThat(h.redis.opsForValue().get(key)).startsWith("1:{\"id\":5");
        } else {
            assertThat(h.redis.opsForHash().get(key, "_v")).isEqualTo("1");
            assertThat(h.redis.opsForHash().hasKey(key, "legacy")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void get_undecodableEntry_isAMissNotAnError(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(6, "six");
        LayeredCache<Item> cache = h.cache(items);
        if (setup.l2() == L2Layout.STRING) {
            h.redis.opsForValue().set(h.key(6), "1:{\"id\":6,\"score\":\"not a number\"", Duration.ofMinutes(5));
        } else {
            h.redis.opsForHash().putAll(h.key(6), Map.of("_v", "1", "id", "6", "score", "{broken"));
        }

        assertThat(cache.getValue(6)).contains(Item.of(6, "six"));
        assertThat(items.loads).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void evict_deletesBothLevelsAndCancelsAnOpenLease(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(8, "eight");
        LayeredCache<Item> cache = h.cache(items);
        cache.get(8);
        h.redis.opsForValue().set(h.leaseKey(8), "someone-elses-load", Duration.ofSeconds(5));

        cache.evict(8);

        assertThat(h.redis.hasKey(h.key(8))).isFalse();
        assertThat(h.redis.hasKey(h.leaseKey(8))).isFalse();
        cache.get(8);
        assertThat(items.loads).hasValue(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withBothLevels")
    void getAll_usesOneRedisRoundTripAndOneQueryForTheMisses(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 5).forEach(id -> items.with(id, "n" + id));
        LayeredCache<Item> cache = h.cache(items);
        cache.get(1);            // in L1 and L2
        cache.get(2);
        cache.evictLocal(2);     // in L2 only
        int loadsBefore = items.loads.get();
        long roundTripsBefore = h.roundTrips();

        Map<Long, CachedValue<Item>> found = cache.getAll(List.of(5L, 1L, 6L, 2L, 3L, 4L));

        assertThat(h.roundTrips() - roundTripsBefore).as("L2 reads, guards, fills: one round trip each")
                .isEqualTo(3);
        assertThat(found.keySet()).containsExactly(5L, 1L, 2L, 3L, 4L);
        assertThat(found.get(3L).value()).isEqualTo(Item.of(3, "n3"));
        assertThat(items.batchLoads).hasValue(1);
        assertThat(items.loads).hasValue(loadsBefore);
        assertThat(h.gets("l2", "hit")).isEqualTo(1);
        assertThat(h.redis.hasKey(h.key(4))).isTrue();
        assertThat(h.redis.hasKey(h.key(6))).isEqualTo(setup.absentMarkers());
        cache.getAll(List.of(3L, 4L, 5L));
        assertThat(items.batchLoads).as("now all in L1").hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void cachedJson_isWhatTheMapperWritesAndTheTagFollowsIt(Setup setup) {
        CacheHarness h = harness(setup);
        FakeItems items = new FakeItems().with(9, "nine");
        LayeredCache<Item> cache = h.cache(items);

        CachedValue<Item> first = cache.get(9).orElseThrow();
        cache.evictLocal(9);
        CachedValue<Item> again = cache.get(9).orElseThrow();
        items.with(9, "nine, edited");
        cache.evict(9);
        CachedValue<Item> edited = cache.get(9).orElseThrow();

        assertThat(new String(first.json())).isEqualTo(tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(Item.of(9, "nine")));
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.tag()).isEqualTo(first.tag()).hasSize(11);
        assertThat(edited.tag()).isNotEqualTo(first.tag());
    }

    @Test
    void roundTrips_coldThree_l2HitOne_l1HitNone() {
        CacheHarness h = harness(new Setup("L1 + L2 string", true, L2Layout.STRING, true));
        LayeredCache<Item> cache = h.cache(new FakeItems().with(1, "one"));

        long before = h.roundTrips();
        cache.get(1);
        assertThat(h.roundTrips() - before).as("cold: read, guard, fill").isEqualTo(3);
        cache.evictLocal(1);
        before = h.roundTrips();
        cache.get(1);
        assertThat(h.roundTrips() - before).as("an L2 hit: value and TTL in one round trip").isEqualTo(1);
        before = h.roundTrips();
        cache.get(1);
        assertThat(h.roundTrips() - before).as("an L1 hit").isZero();
    }

    /** The L1 TTL bounds: a value lives at most 60 s + 15 s of jitter, a "does not exist" marker 10 s + 5 s. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withBothLevels")
    void l1Entries_liveAtMost75sForValues_and15sForMarkers(Setup setup) {
        CacheHarness h = harness(setup);
        LayeredCache<Item> cache = h.cache(new FakeItems().with(1, "one"));
        cache.get(1);
        cache.get(404);
        assertThat(h.gets("l1", "miss")).isEqualTo(2);

        h.ticker.advance(Duration.ofSeconds(15).plusMillis(1));
        cache.get(1);
        cache.get(404);
        assertThat(h.gets("l1", "hit")).as("the value is still fresh").isEqualTo(1);
        assertThat(h.gets("l1", "miss")).as("the marker is not").isEqualTo(3);

        h.ticker.advance(Duration.ofSeconds(60)); // 75 s + 1 ms since the value was kept
        cache.get(1);
        assertThat(h.gets("l1", "miss")).isEqualTo(4);
    }

    @Test
    void l1_isBoundedByWeight() {
        harness = new CacheHarness(CacheHarness.newPrefix(), new Setup("L1 only", true, null, true),
                CacheHarness.Options.defaults().l1Weight(DataSize.ofKilobytes(64)));
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 2_000).forEach(id -> items.with(id, "x".repeat(400)));
        LayeredCache<Item> cache = harness.cache(items);

        LongStream.rangeClosed(1, 2_000).forEach(cache::get);

        CacheStatistics.L1 l1 = cache.statistics().l1();
        assertThat(l1.capacityBytes()).isEqualTo(64 * 1024);
        assertThat(l1.weightBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(l1.evictions()).isGreaterThan(1_500);
        assertThat(l1.size()).isBetween(10L, 100L);
    }

    @Test
    void concurrentReaders_ofOneColdKey_makeOneLoad() throws Exception {
        CacheHarness h = harness(new Setup("L1 + L2 string", true, L2Layout.STRING, true));
        FakeItems items = new FakeItems().with(11, "hot");
        LayeredCache<Item> cache = h.cache(items);
        items.close();

        List<CompletableFuture<Item>> readers = Concurrently.run(200, () -> cache.getValue(11).orElseThrow());
        Concurrently.awaitAllBlocked(readers, items);
        items.open();

        assertThat(Concurrently.results(readers)).hasSize(200).allMatch(Item.of(11, "hot")::equals);
        assertThat(items.loads).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void twoInstances_200ReadersOfOneColdKey_makeOneLoad(Setup setup) throws Exception {
        harness = new CacheHarness(setup, Duration.ofSeconds(5));
        CacheHarness other = new CacheHarness(harness.prefix, setup,
                CacheHarness.Options.defaults().leaseWait(Duration.ofSeconds(5)));
        FakeItems items = new FakeItems().with(12, "hot");
        LayeredCache<Item> a = harness.cache(items);
        LayeredCache<Item> b = other.cache(items);
        items.close();

        List<CompletableFuture<Item>> readers = Concurrently.run(200,
                i -> (i % 2 == 0 ? a : b).getValue(12).orElseThrow());
        Concurrently.awaitAllBlocked(readers, items);
        items.open();

        assertThat(Concurrently.results(readers)).hasSize(200).allMatch(Item.of(12, "hot")::equals);
        assertThat(items.loads).hasValue(1);
        assertThat(harness.count("newsfeed.cache.lease.waits") + other.count("newsfeed.cache.lease.waits"))
                .as("the instance without the lease waited for the other's fill").isGreaterThanOrEqualTo(1);
    }

    /**
     * The stale-set race, step by step: a reader misses and reads the old row; a writer commits and evicts; the
     * reader then fills. With the guard (the default) the fill is refused and the next read sees the new row;
     * with it turned off the old row sticks in Redis until its TTL ends, as in every peer.
     */
    @ParameterizedTest(name = "fill guard {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void staleSetRace_oldRowSticksOnlyWithoutTheFillGuard(boolean guard) throws Exception {
        harness = new CacheHarness(CacheHarness.newPrefix(), new Setup("L1 + L2 string", true, L2Layout.STRING,
                true), CacheHarness.Options.defaults().guardFills(guard));
        FakeItems items = new FakeItems().with(13, "old");
        LayeredCache<Item> cache = harness.cache(items);
        items.close();
        CompletableFuture<Item> reader = CompletableFuture.supplyAsync(() -> cache.getValue(13).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue(); // the reader holds the old row

        items.with(13, "new");   // a writer commits ...
        cache.evict(13);          // ... and invalidates
        items.open();             // the reader goes on to fill

        assertThat(reader.get(5, TimeUnit.SECONDS).name()).isEqualTo("old");
        cache.evictLocal(13); // as another instance would see it: from Redis
        if (guard) {
            assertThat(harness.redis.hasKey(harness.key(13))).as("the stale fill was refused").isFalse();
            assertThat(cache.getValue(13).orElseThrow().name()).isEqualTo("new");
        } else {
            assertThat(harness.redis.opsForValue().get(harness.key(13))).contains("\"name\":\"old\"");
            assertThat(cache.getValue(13).orElseThrow().name()).as("the old row sticks").isEqualTo("old");
        }
    }

    @Test
    void clear_emptiesBothLevels() {
        CacheHarness h = harness(new Setup("L1 + L2 hash", true, L2Layout.HASH, true));
        FakeItems items = new FakeItems().with(1, "a").with(2, "b");
        LayeredCache<Item> cache = h.cache(items);
        cache.getAll(List.of(1L, 2L, 3L));

        long deleted = cache.clear();

        assertThat(deleted).isEqualTo(3);
        assertThat(h.redis.keys(h.prefix + KeyLayout.VERSION + "item:*")).isEmpty();
        assertThat(cache.statistics().l1().size()).isZero();
        Set<Long> loadedAgain = cache.getAll(List.of(1L, 2L)).keySet().stream().collect(Collectors.toSet());
        assertThat(loadedAgain).containsExactlyInAnyOrder(1L, 2L);
        assertThat(items.batchLoads).hasValue(2);
    }
}
