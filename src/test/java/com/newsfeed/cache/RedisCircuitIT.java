package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.remote.RedisUnavailableException;

/**
 * The breaker in front of Redis, against a Redis that is slow rather than down (a proxy delays every reply past
 * the 200 ms command timeout): its threshold, that no call waits on Redis while it is open, and its probes, all
 * on the harness's ticker.
 */
class RedisCircuitIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private ProxiedRedis proxy;
    private CacheHarness harness;

    @BeforeEach
    void setUp() {
        proxy = ProxiedRedis.open(Duration.ofMillis(200));
        harness = new CacheHarness(CacheHarness.newPrefix(), FULL, CacheHarness.Options.defaults()
                .connections(proxy.factory()).leaseWait(Duration.ofMillis(300)));
    }

    @AfterEach
    void tearDown() {
        proxy.pass();
        harness.close();
        proxy.close();
    }

    @Test
    void slowRedis_readsGoOnFromTheLoader_theBreakerOpensAtItsThreshold_andNoReadWaitsWhileOpen() {
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 20).forEach(id -> items.with(id, "n" + id));
        LayeredCache<Item> cache = harness.cache(items);
        proxy.delay(Duration.ofMillis(400));

        for (long id = 1; id <= 4; id++) {
            assertThat(cache.getValue(id)).isPresent(); // each read: its L2 round trip times out, then it loads
        }
        assertThat(harness.circuitClosed()).as("4 failed calls: below the minimum of 5").isTrue();
        assertThat(cache.getValue(5)).isPresent();
        assertThat(harness.circuitClosed()).as("the 5th failure: 100% of 5 calls").isFalse();
        assertThat(harness.count("newsfeed.cache.l2.errors")).isEqualTo(5);

        long roundTrips = harness.roundTrips();
        long started = System.nanoTime();
        LongStream.rangeClosed(6, 20).forEach(id -> assertThat(cache.getValue(id)).isPresent());
        assertThat(harness.roundTrips()).as("no read tried Redis while open").isEqualTo(roundTrips);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("15 reads that never waited for a 200 ms timeout").isLessThan(Duration.ofMillis(200));
        assertThat(items.loads).hasValue(20);
    }

    @Test
    void openBreaker_probesAfterItsWait_byTheTicker_andClosesWhenRedisAnswers() {
        proxy.delay(Duration.ofMillis(400));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> harness.executor.call("ping", commands -> commands.ping()))
                    .isInstanceOf(RedisUnavailableException.class);
        }
        assertThat(harness.circuit.state()).isEqualTo("OPEN");
        proxy.pass();

        harness.ticker.advance(Duration.ofMillis(1_900));
        harness.probe();
        assertThat(harness.circuit.state()).as("still within its 2 s wait").isEqualTo("OPEN");

        harness.ticker.advance(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            harness.probe(); // the maintenance schedule's PING, once a second
            return harness.circuitClosed();
        });
        assertThat(harness.circuit.state()).isEqualTo("CLOSED");
    }
}
