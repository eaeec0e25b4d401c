package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.LocalCluster;

/**
 * On a Redis Cluster (the cluster build only): one cache's keys, and its bloom filter's shards, spread over every
 * master, counted node by node; and a read of many ids is still one round trip of the cache's, whatever the
 * number of nodes its keys are on.
 */
class ClusterKeysIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);
    private static final int IDS = 3_000;

    private CacheHarness harness;
    private LocalCluster cluster;
    private FakeItems items;

    @BeforeEach
    void setUp() {
        assumeTrue(LocalCluster.configured(), "on a Redis Cluster only (the redis-cluster build)");
        harness = new CacheHarness(FULL);
        cluster = LocalCluster.fromSystemProperty();
        items = new FakeItems();
        LongStream.rangeClosed(1, IDS).forEach(id -> items.with(id, "n" + id));
    }

    @AfterEach
    void cleanUp() {
        if (harness != null) {
            harness.close();
            cluster.close();
        }
    }

    @Test
    void oneCachesKeys_areSpreadOverEveryMaster() {
        LayeredCache<Item> cache = harness.cache(items);
        List<Long> ids = LongStream.rangeClosed(1, IDS).boxed().toList();
        for (int from = 0; from < IDS; from += 100) {
            cache.getAll(ids.subList(from, from + 100));
        }

        Map<LocalCluster.Node, Long> perMaster = cluster.keysPerMaster(harness.prefix + KeyLayout.VERSION + "item:*");

        assertThat(perMaster).as("masters").hasSizeGreaterThanOrEqualTo(3);
        assertThat(perMaster.values().stream().mapToLong(Long::longValue).sum()).as("keys in all").isEqualTo(IDS);
        // 1024 tags over the masters' slot ranges: each master holds about its share, none much less.
        perMaster.forEach((node, keys) -> assertThat(keys).as("keys on %s", node)
                .isGreaterThan(IDS / perMaster.size() * 3 / 4));
    }

    @Test
    void aBloomFiltersShards_areSpreadOverEveryMaster_andEachIdIsCheckedInItsValuesSlot() {
        RedisBloomFilter bloom = harness.bloomFilter(items);
        bloom.rebuild();
        LayeredCache<Item> cache = harness.cache(items, bloom);

        Map<LocalCluster.Node, Long> perMaster = cluster.keysPerMaster(
                harness.prefix + KeyLayout.VERSION + "bloom:items:*}");
        assertThat(perMaster.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(KeyLayout.SHARDS);
        perMaster.forEach((node, shards) -> assertThat(shards).as("shards on %s", node)
                .isGreaterThan(KeyLayout.SHARDS / perMaster.size() * 3 / 4));
        // The guard script (bitmap, ready key, value and lease in one slot) ran for each id: a key of another
        // slot would have failed it with CROSSSLOT, and the ids would have been loaded without the check.
        assertThat(cache.getValue(IDS + 5_000)).isEmpty();
        assertThat(cache.getValue(7)).contains(Item.of(7, "n7"));
        assertThat(harness.count("newsfeed.cache.bloom.rejections")).isEqualTo(1);
        assertThat(items.loads.get()).as("only the id that exists was loaded").isEqualTo(1);
    }

    @Test
    void aReadOfManyIdsOnSeveralNodes_isOneRoundTrip() {
        LayeredCache<Item> cache = harness.cache(items);
        List<Long> ids = LongStream.rangeClosed(1, 60).boxed().toList();
        cache.getAll(ids);
        cache.clearLocal(); // the next read finds every id in L2 only
        long nodes = ids.stream().map(id -> cluster.masterOf(harness.key(id)).id()).distinct().count();

        long before = harness.roundTrips();
        assertThat(cache.getAll(ids)).hasSize(60);

        assertThat(nodes).as("masters the 60 keys are on").isGreaterThanOrEqualTo(3);
        assertThat(harness.roundTrips() - before).as("round trips of the cache").isEqualTo(1);
        assertThat(items.loadedIds.get()).as("ids loaded: by the first read only").isEqualTo(60);
    }
}
