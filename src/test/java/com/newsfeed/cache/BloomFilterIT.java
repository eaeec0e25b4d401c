package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.remote.KeyLayout;

/** The bloom filter in the read path, shared by every instance through Redis. */
class BloomFilterIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private CacheHarness harness;
    private FakeItems items;

    @BeforeEach
    void setUp() {
        harness = new CacheHarness(FULL, Duration.ofSeconds(2));
        items = new FakeItems();
        LongStream.rangeClosed(1, 5_000).forEach(id -> items.with(id, "n" + id));
    }

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void randomMissingIds_reachTheLoaderAtMostOnePercentOfTheTime() {
        RedisBloomFilter bloom = harness.bloomFilter(items);
        assertThat(bloom.rebuild()).isEqualTo(5_000);
        LayeredCache<Item> cache = harness.cache(items, bloom);
        SplittableRandom random = new SplittableRandom(42);

        long found = LongStream.generate(() -> random.nextLong(1_000_000_000L, 1_000_000_000_000L)).limit(10_000)
                .filter(id -> cache.get(id).isPresent()).count();

        assertThat(found).isZero();
        assertThat(items.loads.get()).as("loader calls for 10,000 missing ids").isLessThanOrEqualTo(100);
        assertThat(harness.count("newsfeed.cache.bloom.rejections")).isGreaterThanOrEqualTo(9_900);
    }

    @Test
    void statistics_askRedisNothing_andShowTheFiltersReadinessAsLastSeen() {
        RedisBloomFilter bloom = harness.bloomFilter(items);
        LayeredCache<Item> cache = harness.cache(items, bloom);
        long before = harness.roundTrips();
        assertThat(cache.statistics().bloom().ready()).as("never built, never checked").isFalse();

        bloom.rebuild();
        long afterRebuild = harness.roundTrips();
        assertThat(cache.statistics().bloom().ready()).as("rebuilt here").isTrue();
        assertThat(harness.roundTrips()).as("statistics read no level").isEqualTo(afterRebuild);

        // The filter's server lost it (a restart without persistence): its ready mark is gone.
        assertThat(harness.redis.delete(harness.redis.keys(harness.prefix + KeyLayout.VERSION + "bloom:items:*:ready")))
                .isEqualTo(KeyLayout.SHARDS);
        assertThat(cache.statistics().bloom().ready()).as("not asked again by statistics").isTrue();
        assertThat(bloom.isReady()).as("the maintenance check asks Redis").isFalse();
        assertThat(cache.statistics().bloom().ready()).as("as last seen").isFalse();
        assertThat(afterRebuild).isGreaterThan(before);
    }

    @Test
    void existingIds_areNeverRejected() {
        RedisBloomFilter bloom = harness.bloomFilter(items);
        bloom.rebuild();
        LayeredCache<Item> cache = harness.cache(items, bloom);

        long found = LongStream.rangeClosed(1, 5_000).filter(id -> cache.get(id).isPresent()).count();

        assertThat(found).isEqualTo(5_000);
        assertThat(harness.count("newsfeed.cache.bloom.rejections")).isZero();
    }

    @Test
    void idCreatedThroughOneInstance_isFoundAtOnceThroughTheOther() {
        CacheHarness other = new CacheHarness(harness.prefix, FULL, CacheHarness.Options.defaults());
        RedisBloomFilter bloomA = harness.bloomFilter(items);
        bloomA.rebuild();
        LayeredCache<Item> a = harness.cache(items, bloomA);
        LayeredCache<Item> b = other.cache(items, other.bloomFilter(items));
        items.with(20_001, "inserted but never announced").with(20_002, "created through A");

        a.created(20_002);

        assertThat(b.getValue(20_002)).contains(Item.of(20_002, "created through A"));
        assertThat(b.get(20_001)).as("the filter is in force: an unannounced id is rejected").isEmpty();
        assertThat(other.count("newsfeed.cache.bloom.rejections")).isEqualTo(1);
    }

    @Test
    void filterNotBuiltYet_letsEveryIdThrough() {
        LayeredCache<Item> cache = harness.cache(items, harness.bloomFilter(items));

        assertThat(cache.get(9_999_999)).isEmpty();

        assertThat(items.loads).hasValue(1);
        assertThat(harness.count("newsfeed.cache.bloom.rejections")).isZero();
    }

    @Test
    void rebuild_keepsIdsAddedMeanwhile() {
        RedisBloomFilter bloom = harness.bloomFilter(items);
        bloom.rebuild();
        bloom.add(77_777); // inserted by another instance while this one rebuilds from an older snapshot

        bloom.rebuild();

        assertThat(bloom.mightContain(77_777)).isTrue();
        assertThat(bloom.isReady()).isTrue();
    }

    @Test
    void sizing_followsTheStandardFormula() {
        RedisBloomFilter bloom = harness.bloomFilter(items);

        // n = 10,000 and p = 1%: m = 95,851 bits, k = 7
        assertThat(bloom.bits()).isEqualTo(95_851);
        assertThat(bloom.hashes()).isEqualTo(7);
    }
}
