package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;

import com.newsfeed.cache.CacheHarness.Setup;

/** Past its TTL, an entry is kept a while longer and served, marked stale, if the database fails. */
class StaleIfErrorIT {

    static Stream<Setup> setups() {
        return Stream.of(new Setup("L1 only", true, null, true),
                new Setup("L1 + L2 string", true, L2Layout.STRING, true));
    }

    private static final Duration PAST_L1_TTL = Duration.ofSeconds(76);

    private CacheHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void expiredEntry_isServedStaleWhileTheLoaderFails_andFreshOnceItWorks(Setup setup) {
        harness = new CacheHarness(setup, Duration.ofMillis(300));
        FakeItems items = new FakeItems().with(1, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        cache.get(1);
        harness.redis.delete(harness.key(1)); // Redis lost it too: only the database could answer

        harness.ticker.advance(PAST_L1_TTL);
        items.down = true;
        CachedValue<Item> stale = cache.get(1).orElseThrow();

        assertThat(stale.value()).isEqualTo(Item.of(1, "v1"));
        assertThat(stale.stale()).isTrue();
        assertThat(harness.count("newsfeed.cache.stale.served")).isEqualTo(1);

        items.down = false;
        items.with(1, "v2");
        CachedValue<Item> fresh = cache.get(1).orElseThrow();
        assertThat(fresh.value().name()).isEqualTo("v2");
        assertThat(fresh.stale()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void entryPastTheStaleWindow_isGone_andTheFailureShows(Setup setup) {
        harness = new CacheHarness(setup, Duration.ofMillis(300));
        FakeItems items = new FakeItems().with(2, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        cache.get(2);
        harness.redis.delete(harness.key(2));

        harness.ticker.advance(PAST_L1_TTL.plus(CacheHarness.STALE_IF_ERROR));
        items.down = true;

        assertThatThrownBy(() -> cache.get(2)).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void batch_servesExpiredEntriesStaleWhenTheLoaderFails(Setup setup) {
        harness = new CacheHarness(setup, Duration.ofMillis(300));
        FakeItems items = new FakeItems().with(3, "three").with(4, "four");
        LayeredCache<Item> cache = harness.cache(items);
        cache.getAll(List.of(3L, 4L));
        harness.redis.delete(List.of(harness.key(3), harness.key(4)));

        harness.ticker.advance(PAST_L1_TTL);
        items.down = true;

        assertThat(cache.getAll(List.of(4L, 3L)).values()).extracting(CachedValue::stale).containsExactly(true, true);
        assertThatThrownBy(() -> cache.getAll(List.of(3L, 5L))).as("5 was never cached")
                .isInstanceOf(DataAccessResourceFailureException.class);
    }
}
