package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.newsfeed.cache.CacheHarness.Setup;

/** With no Redis to talk to, reads still succeed: every Redis failure is a miss that goes on to the loader. */
class RedisFailureIT {

    private LettuceConnectionFactory nowhere;
    private CacheHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        nowhere = TestRedis.connect("127.0.0.1", closedPort, Duration.ofMillis(200));
        harness = new CacheHarness(CacheHarness.newPrefix(), new Setup("L1 + L2 string", true, L2Layout.STRING, true),
                CacheHarness.Options.defaults().leaseWait(Duration.ofSeconds(1)).connections(nowhere));
    }

    @AfterEach
    void tearDown() {
        nowhere.destroy();
    }

    @Test
    void get_withRedisDown_servesFromTheLoaderThenFromL1() {
        FakeItems items = new FakeItems().with(1, "one");
        LayeredCache<Item> cache = harness.cache(items, harness.bloomFilter(items));

        assertThat(cache.getValue(1)).contains(Item.of(1, "one"));
        assertThat(cache.getValue(1)).contains(Item.of(1, "one"));
        assertThat(cache.get(2)).isEmpty();

        assertThat(items.loads).hasValue(2);
        assertThat(harness.gets("l1", "hit")).isEqualTo(1);
        assertThat(harness.count("newsfeed.cache.l2.errors")).isGreaterThanOrEqualTo(2);
        assertThat(harness.count("newsfeed.cache.bloom.rejections")).isZero();
    }

    @Test
    void getAll_withRedisDown_loadsTheMissesInOneQuery() {
        FakeItems items = new FakeItems().with(1, "one").with(2, "two");
        LayeredCache<Item> cache = harness.cache(items);

        assertThat(cache.getAll(List.of(2L, 1L, 3L)).keySet()).containsExactly(2L, 1L);
        assertThat(items.batchLoads).hasValue(1);
    }

    @Test
    void evict_withRedisDown_stillDropsTheLocalCopy() {
        FakeItems items = new FakeItems().with(1, "one");
        LayeredCache<Item> cache = harness.cache(items);
        cache.get(1);
        items.with(1, "edited");

        cache.evict(1);

        assertThat(cache.getValue(1).orElseThrow().name()).isEqualTo("edited");
    }

    @Test
    void aConnectionClosedForGood_isReplaced_soRedisIsUsedAgain() {
        try (CacheHarness healthy = new CacheHarness(new Setup("L1 + L2 string", true, L2Layout.STRING, true))) {
            FakeItems items = new FakeItems().with(1, "one").with(2, "two").with(3, "three");
            LayeredCache<Item> cache = healthy.cache(items);
            assertThat(cache.getValue(1)).isPresent();
            healthy.executor.close(); // as a shutdown of its client would: Lettuce never reopens such a connection

            assertThat(cache.getValue(2)).as("a Redis failure is a miss").isPresent();
            assertThat(cache.getValue(3)).isPresent();

            assertThat(healthy.redis.hasKey(healthy.key(3))).as("filled through a new connection").isTrue();
        }
    }
}
