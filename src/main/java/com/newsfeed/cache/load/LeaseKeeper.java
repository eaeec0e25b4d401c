package com.newsfeed.cache.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

/**
 * Extends the leases of a load while it runs, every third of the lease TTL, so a load slower than the lease does
 * not let every waiting instance load as well (invariant I4: at most one load per key per lease period). If the
 * holder dies, nothing extends its lease and it expires: a waiter then takes it over.
 */
final class LeaseKeeper {

    private final ScheduledExecutorService scheduler;
    private final RedisExecutor redis;
    private final long periodMillis;

    LeaseKeeper(ScheduledExecutorService scheduler, RedisExecutor redis, Duration leaseTtl) {
        this.scheduler = scheduler;
        this.redis = redis;
        this.periodMillis = Math.max(1, leaseTtl.toMillis() / 3);
    }

    /** Starts extending these slots' leases; cancel the returned task when the load is over. */
    ScheduledFuture<?> keepAlive(List<Slot<?>> leased) {
        return scheduler.scheduleAtFixedRate(() -> extend(leased), periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    private void extend(List<Slot<?>> leased) {
        RedisBatch batch = redis.batch();
        for (Slot<?> slot : leased) {
            slot.levels.remote.extend(batch, slot.id, slot.token);
        }
        try {
            batch.execute();
        } catch (RedisUnavailableException e) {
            // the next period tries again; if Redis stays away, the lease expires and a waiter loads
        }
    }
}
