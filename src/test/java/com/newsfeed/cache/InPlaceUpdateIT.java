package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;

/** Hash entries updated field by field after a write, guarded by the row version (here: Item.score). */
class InPlaceUpdateIT {

    private static final Setup HASH = new Setup("L1 + L2 hash", true, L2Layout.HASH, true);

    private CacheHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void update_writesOnlyTheChangedFields_keepsTheEntryAndItsTtl() {
        harness = new CacheHarness(HASH, Duration.ofSeconds(1));
        FakeItems items = new FakeItems().with(1, "before");
        LayeredCache<Item> cache = harness.versionedCache(items);
        cache.get(1);
        String key = harness.key(1);
        harness.redis.opsForHash().put(key, "tags", "[\"kept because not written\"]");
        long ttlBefore = harness.redis.getExpire(key, TimeUnit.SECONDS);

        Item edited = new Item(1, "after", 11, Item.of(1, "x").tags(), Item.of(1, "x").at(), Item.Kind.PLAIN, "n");
        cache.updateAfterCommit(1, edited, Set.of("name", "score", "kind", "note"));

        assertThat(harness.redis.opsForHash().get(key, "name")).isEqualTo("after");
        assertThat(harness.redis.opsForHash().get(key, "kind")).isEqualTo("PLAIN");
        assertThat(harness.redis.opsForHash().get(key, "note")).isEqualTo("n");
        assertThat(harness.redis.opsForHash().get(key, "_rv")).isEqualTo("11");
        assertThat(harness.redis.opsForHash().get(key, "tags")).isEqualTo("[\"kept because not written\"]");
        assertThat(harness.redis.getExpire(key, TimeUnit.SECONDS)).isBetween(ttlBefore - 5, ttlBefore);
        assertThat(cache.getValue(1).orElseThrow().name()).isEqualTo("after");
        assertThat(items.loads).as("served from the updated hash").hasValue(1);
        assertThat(harness.gets("l2", "hit")).isEqualTo(1);
    }

    @Test
    void update_withAnOlderRowVersion_changesNothing() {
        harness = new CacheHarness(HASH, Duration.ofSeconds(1));
        FakeItems items = new FakeItems().with(2, "current"); // score (the version) 20
        LayeredCache<Item> cache = harness.versionedCache(items);
        cache.get(2);

        Item late = new Item(2, "older write", 19, Item.of(2, "x").tags(), Item.of(2, "x").at(), null, null);
        cache.updateAfterCommit(2, late, Set.of("name", "score"));

        assertThat(harness.redis.opsForHash().get(harness.key(2), "name")).isEqualTo("current");
        assertThat(harness.redis.opsForHash().get(harness.key(2), "_rv")).isEqualTo("20");
    }

    /** Defect 6: an update that skips a version (the one before it is late or lost) never mixes their fields. */
    @Test
    void update_overAGapInTheRowVersions_deletesTheEntry_andTheLateOneChangesNothing() {
        harness = new CacheHarness(HASH, Duration.ofSeconds(1));
        FakeItems items = new FakeItems().with(7, "v70"); // score (the version) 70
        LayeredCache<Item> cache = harness.versionedCache(items);
        cache.get(7);
        Item tags72 = new Item(7, "v70", 72, List.of("from 72"), Item.of(7, "x").at(), Item.Kind.FEATURED, null);
        Item name71 = new Item(7, "v71", 71, List.of("a", "b"), Item.of(7, "x").at(), Item.Kind.FEATURED, null);

        cache.updateAfterCommit(7, tags72, Set.of("tags", "score")); // 72 arrives first: 71 is not there yet
        assertThat(harness.redis.hasKey(harness.key(7))).as("a gap: deleted, not patched").isFalse();
        cache.updateAfterCommit(7, name71, Set.of("name", "score")); // then the late 71
        assertThat(harness.redis.hasKey(harness.key(7))).as("nothing to patch").isFalse();

        items.rows.put(7L, new Item(7, "v71", 72, List.of("from 72"), Item.of(7, "x").at(), Item.Kind.FEATURED,
                null));
        assertThat(cache.getValue(7).orElseThrow()).isEqualTo(items.rows.get(7L));
        assertThat(harness.redis.opsForHash().get(harness.key(7), "_rv")).isEqualTo("72");
    }

    @Test
    void update_nullField_isDeletedFromTheHash() {
        harness = new CacheHarness(HASH, Duration.ofSeconds(1));
        FakeItems items = new FakeItems();
        items.rows.put(3L, new Item(3, "with note", 30, java.util.List.of(), Item.of(3, "x").at(), null, "a note"));
        LayeredCache<Item> cache = harness.versionedCache(items);
        cache.get(3);

        cache.updateAfterCommit(3, new Item(3, "with note", 31, java.util.List.of(), Item.of(3, "x").at(), null,
                null), Set.of("note", "score"));

        assertThat(harness.redis.opsForHash().hasKey(harness.key(3), "note")).isFalse();
        assertThat(cache.getValue(3).orElseThrow().note()).isNull();
    }

    @Test
    void update_ofAnEntryNotCached_cancelsTheLoadInFlight() throws Exception {
        harness = new CacheHarness(HASH, Duration.ofSeconds(1));
        FakeItems items = new FakeItems().with(4, "old");
        LayeredCache<Item> cache = harness.versionedCache(items);
        items.close();
        CompletableFuture<Item> reader = CompletableFuture.supplyAsync(() -> cache.getValue(4).orElseThrow());
        assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();

        Item updated = new Item(4, "new", 41, Item.of(4, "x").tags(), Item.of(4, "x").at(), null, null);
        items.rows.put(4L, updated);
        cache.updateAfterCommit(4, updated, Set.of("name", "score"));
        items.open();

        assertThat(reader.get(5, TimeUnit.SECONDS).name()).isEqualTo("old");
        assertThat(harness.redis.hasKey(harness.key(4))).as("the old row was not filled").isFalse();
        assertThat(cache.getValue(4).orElseThrow().name()).isEqualTo("new");
    }

    @Test
    void update_overAnAbsentMarker_deletesIt() {
        harness = new CacheHarness(HASH, Duration.ofSeconds(1));
        FakeItems items = new FakeItems();
        LayeredCache<Item> cache = harness.versionedCache(items);
        assertThat(cache.get(5)).isEmpty();
        assertThat(harness.redis.opsForHash().hasKey(harness.key(5), "-1")).isTrue();

        items.with(5, "exists now");
        cache.updateAfterCommit(5, Item.of(5, "exists now"), Set.of("name"));

        assertThat(harness.redis.hasKey(harness.key(5))).isFalse();
        assertThat(cache.getValue(5)).contains(Item.of(5, "exists now"));
    }

    @Test
    void update_onAStringCache_evicts() {
        harness = new CacheHarness(new Setup("L1 + L2 string", true, L2Layout.STRING, true), Duration.ofSeconds(1));
        FakeItems items = new FakeItems().with(6, "six");
        LayeredCache<Item> cache = harness.versionedCache(items);
        cache.get(6);

        cache.updateAfterCommit(6, Item.of(6, "six, edited"), Set.of("name"));

        assertThat(harness.redis.hasKey(harness.key(6))).isFalse();
    }
}
