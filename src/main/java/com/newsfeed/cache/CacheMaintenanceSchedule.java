package com.newsfeed.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * When the maintenance tasks run: the outbox tail every {@code outbox.poll-interval}, the subscription check every
 * {@code invalidation.check-interval}, the breaker probe every second, the failover check every
 * {@code outbox.failover-check-interval}, the bloom filter check every {@code bloom.check-interval}, a full bloom
 * rebuild every {@code bloom.rebuild-interval}, and the outbox purge.
 * The outbox poll has a scheduler of its own, so a slow task never delays it. Started with the application
 * context, stopped before the connections close.
 */
final class CacheMaintenanceSchedule implements SmartLifecycle {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final CacheMaintenance maintenance;
    private final TaskScheduler scheduler;
    private final TaskScheduler outboxScheduler;
    private final CacheProperties properties;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile boolean running;

    CacheMaintenanceSchedule(CacheMaintenance maintenance, TaskScheduler scheduler, TaskScheduler outboxScheduler,
            CacheProperties properties) {
        this.maintenance = maintenance;
        this.scheduler = scheduler;
        this.outboxScheduler = outboxScheduler;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        every(outboxScheduler, properties.outbox().pollInterval(), maintenance::pollOutbox);
        every(properties.invalidation().checkInterval(), maintenance::checkSubscription);
        every(PROBE_INTERVAL, maintenance::probeRedis);
        every(properties.outbox().failoverCheckInterval(), maintenance::checkFailover);
        every(properties.bloom().checkInterval(), maintenance::checkBloomFilters);
        every(properties.bloom().rebuildInterval(), maintenance::rebuildAllBloomFilters);
        every(properties.outbox().purgeInterval(), maintenance::purgeOutbox);
        running = true;
    }

    private void every(Duration interval, Runnable task) {
        every(scheduler, interval, task);
    }

    private void every(TaskScheduler on, Duration interval, Runnable task) {
        tasks.add(on.scheduleWithFixedDelay(task, Instant.now().plus(interval), interval));
    }

    @Override
    public synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
