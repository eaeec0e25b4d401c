package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.guard.RedisBloomFilter;

import redis.embedded.RedisServer;

/**
 * Defect 7: the ways a bloom filter could reject an id that exists (invariant I5), each closed: adds also travel
 * through the outbox, and a sign of loss (another Redis server behind the same address) rebuilds the filters.
 */
class BloomFilterLossIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void idAddedByAnInstanceCutOffFromRedis_reachesTheOthersFilterThroughTheOutbox() throws IOException {
        CacheHarness b = open(new CacheHarness(FULL));
        LettuceConnectionFactory nowhere = TestRedis.connect("127.0.0.1", closedPort(), Duration.ofMillis(200));
        closing.add(nowhere::destroy);
        CacheHarness a = open(new CacheHarness(b.prefix, FULL, CacheHarness.Options.defaults().connections(nowhere)));
        FakeItems items = fiveHundred();
        RedisBloomFilter filterOfB = b.bloomFilter(items);
        filterOfB.rebuild();
        LayeredCache<Item> onB = b.cache(items, filterOfB);
        LayeredCache<Item> onA = a.cache(items, a.bloomFilter(items));

        items.with(30_001, "created through A");
        a.inTransaction(() -> onA.created(30_001)); // A's add cannot reach Redis
        assertThat(onB.get(30_001)).as("B's filter does not know it yet").isEmpty();
        assertThat(b.count("newsfeed.cache.bloom.rejections")).isEqualTo(1);

        b.poll(); // the first sight of the row: B adds it to its filter and drops the absent marker at once

        assertThat(filterOfB.mightContain(30_001)).isTrue();
        assertThat(onB.getValue(30_001)).contains(Item.of(30_001, "created through A"));
    }

    @Test
    void filterOfAnotherSizing_learnsTheIdsCreatedThroughTheOldOne() {
        CacheHarness old = open(new CacheHarness(FULL));
        CacheHarness resized = open(new CacheHarness(old.prefix, FULL,
                CacheHarness.Options.defaults().bloomExpectedIds(20_000)));
        FakeItems items = fiveHundred();
        RedisBloomFilter oldFilter = old.bloomFilter(items);
        RedisBloomFilter newFilter = resized.bloomFilter(items);
        oldFilter.rebuild();
        newFilter.rebuild();
        assertThat(newFilter.bits()).isNotEqualTo(oldFilter.bits());
        LayeredCache<Item> onOld = old.cache(items, oldFilter);
        LayeredCache<Item> onNew = resized.cache(items, newFilter);

        items.with(30_002, "created by the old release");
        old.inTransaction(() -> onOld.created(30_002)); // adds to the old sizing's key only
        resized.poll();

        assertThat(newFilter.mightContain(30_002)).isTrue();
        assertThat(onNew.getValue(30_002)).isPresent();
    }

    @Test
    void redisThatLostTheLastAddsButKeptItsReadyKey_isNoticed_andTheFilterRebuilt() throws IOException {
        int port = closedPort();
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                .setting("appendonly yes").setting("appendfsync always")
                .setting("dir " + Files.createTempDirectory("bloom-loss")).build();
        server.start();
        closing.add(server::stop);
        LettuceConnectionFactory connections = TestRedis.connect("127.0.0.1", port, Duration.ofSeconds(2));
        closing.add(connections::destroy);
        CacheHarness h = open(new CacheHarness(CacheHarness.newPrefix(), FULL,
                CacheHarness.Options.defaults().connections(connections)));
        FakeItems items = fiveHundred();
        RedisBloomFilter filter = h.bloomFilter(items);
        filter.rebuild();
        h.cache(items, filter);
        items.with(40_001, "added last");
        filter.add(40_001);
        h.maintenance.checkRedisLosses(); // learns which server this is

        // A failover to a replica that never got the last SETBITs: the bits are gone, the ready key is not.
        for (long offset : filter.probe(40_001).offsets()) {
            h.redis.opsForValue().setBit(new String(filter.probe(40_001).bitmapKey()), offset, false);
        }
        server.stop();
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(filter::isReady); // reconnected; the ready key survived
        assertThat(filter.mightContain(40_001)).as("a false negative, before the check").isFalse();

        h.maintenance.checkRedisLosses();

        assertThat(filter.mightContain(40_001)).isTrue();
    }

    private CacheHarness open(CacheHarness harness) {
        closing.add(harness);
        return harness;
    }

    /**
     * Redis loses the filter between the writer's add (before its commit) and the commit, and the filter is built
     * again from a snapshot that predates the commit: the writer's delivery after the commit adds the id again.
     */
    @Test
    void filterLostAndRebuiltBeforeTheCreatingCommit_learnsTheIdFromTheWritersDelivery() {
        CacheHarness alone = open(new CacheHarness(FULL));
        FakeItems items = fiveHundred();
        RedisBloomFilter filter = alone.bloomFilter(items);
        filter.rebuild();
        LayeredCache<Item> cache = alone.cache(items, filter);
        String key = new String(filter.shardKey(30_004), java.nio.charset.StandardCharsets.UTF_8); // its shard

        alone.inTransaction(() -> {
            cache.created(30_004); // joins the filter now
            assertThat(filter.mightContain(30_004)).isTrue();
            alone.redis.delete(key); // Redis restarted empty...
            filter.rebuild(); // ...and the filter was built from the rows committed so far
            assertThat(filter.mightContain(30_004)).isFalse();
            items.with(30_004, "committed after the rebuild");
        });

        assertThat(filter.mightContain(30_004)).isTrue();
        assertThat(alone.redis.type(key).code()).isEqualTo("string");
        assertThat(cache.getValue(30_004)).contains(Item.of(30_004, "committed after the rebuild"));
    }

    private static FakeItems fiveHundred() {
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 500).forEach(id -> items.with(id, "n" + id));
        return items;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
