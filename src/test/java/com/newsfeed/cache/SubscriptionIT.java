package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;

/**
 * Defect 8: a subscription that dies silently (its connection open, nothing arriving) is noticed by the bus's own
 * ping and renewed, and while it is dead the outbox tail still drops stale L1 entries within one poll.
 */
class SubscriptionIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private ProxiedRedis proxy;
    private CacheHarness a;
    private CacheHarness b;

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        proxy.close();
    }

    @Test
    void silentSubscription_isCoveredByTheOutbox_noticedByItsPing_andRenewed() {
        proxy = ProxiedRedis.open(Duration.ofSeconds(1));
        b = new CacheHarness(CacheHarness.newPrefix(), FULL, CacheHarness.Options.defaults().pubSub(proxy.factory()));
        a = new CacheHarness(b.prefix, FULL, CacheHarness.Options.defaults());
        FakeItems items = new FakeItems().with(1, "v1");
        LayeredCache<Item> onA = a.cache(items);
        LayeredCache<Item> onB = b.cache(items);
        awaitWorkingSubscription(b);
        onB.get(1);

        proxy.blackhole(); // B's subscription connection stays open, and hears nothing
        items.with(1, "v2");
        a.inTransaction(() -> onA.evictAfterCommit(1));
        assertThat(onB.peekLocal(1)).as("the message never reached B").isPresent();
        b.poll();
        assertThat(onB.peekLocal(1)).as("the outbox did").isEmpty();
        assertThat(onB.getValue(1).orElseThrow().name()).isEqualTo("v2");

        b.bus.checkSubscription();              // a ping goes out ...
        b.ticker.advance(Duration.ofSeconds(4)); // ... and does not come back within the 3 s timeout
        b.bus.checkSubscription();
        assertThat(b.count("newsfeed.cache.invalidations.resubscriptions")).isEqualTo(1);

        proxy.pass();
        awaitWorkingSubscription(b);
        items.with(1, "v3");
        a.inTransaction(() -> onA.evictAfterCommit(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.peekLocal(1).isEmpty()); // by message, no poll
        assertThat(onB.getValue(1).orElseThrow().name()).isEqualTo("v3");
    }

    /**
     * Pings until one comes back: the subscription then works end to end. A ping that has been out for a second
     * of real time is given up (the ticker moved past its timeout), which also renews the subscription.
     */
    private static void awaitWorkingSubscription(CacheHarness harness) {
        long[] sentAt = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (System.nanoTime() - sentAt[0] > Duration.ofSeconds(1).toNanos()) {
                harness.ticker.advance(Duration.ofSeconds(4));
                sentAt[0] = System.nanoTime();
            }
            harness.bus.checkSubscription();
            return !harness.bus.awaitingPing();
        });
    }
}
