package com.newsfeed.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import io.lettuce.core.protocol.AsyncCommand;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts that change on every read (an article's reads), summed in memory and sent to the store every
 * {@code flush-interval} as one {@code ZINCRBY} per counter and id, pipelined: a hot article read 20,000 times a
 * second costs the store one command a second, not 20,000. What a crash or a failed flush loses is at most one
 * interval of reads (these counters have no database source to recompute them from); a graceful stop flushes
 * (as a {@link SmartLifecycle}, at {@link #PHASE}).
 */
public final class ReadTally implements SmartLifecycle {

    /**
     * Stopped after the web server (no more reads to count) and before the Redis connection factory (phase 0),
     * whose stop shuts down the client the default store's connection comes from: the last flush still gets out.
     */
    static final int PHASE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ReadTally.class);

    private record Key(Counter counter, long id) {
    }

    private final StoreRedis store;
    private final Counters counters;
    /** {@code merge} and {@code remove} are atomic per key, so an add is in this flush or the next, never lost. */
    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private final io.micrometer.core.instrument.Counter sent;
    private final io.micrometer.core.instrument.Counter dropped;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile ScheduledFuture<?> flushes;

    ReadTally(StoreRedis store, Counters counters, TaskScheduler scheduler, Duration interval, MeterRegistry meters) {
        this.store = store;
        this.counters = counters;
        this.scheduler = scheduler;
        this.interval = interval;
        this.sent = io.micrometer.core.instrument.Counter.builder("newsfeed.store.reads")
                .description("Reads counted and sent to the store, by outcome").tag("outcome", "sent")
                .register(meters);
        this.dropped = io.micrometer.core.instrument.Counter.builder("newsfeed.store.reads")
                .description("Reads counted and sent to the store, by outcome").tag("outcome", "dropped")
                .register(meters);
    }

    @Override
    public void start() {
        flushes = scheduler.scheduleWithFixedDelay(this::flush, interval);
    }

    /** The last flush: what was counted since the one before is sent before the connection closes. */
    @Override
    public void stop() {
        ScheduledFuture<?> scheduled = flushes;
        flushes = null;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return flushes != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Counts one more for the entity (no I/O). */
    public void add(Counter counter, long id) {
        pending.merge(new Key(counter, id), 1L, Long::sum);
    }

    /**
     * Sends what was counted since the last flush; what the store refuses is dropped, and counted as dropped. One
     * flush at a time (the schedule's, or the last one at shutdown).
     */
    public synchronized void flush() {
        List<Key> keys = new ArrayList<>(pending.keySet());
        if (keys.isEmpty()) {
            return;
        }
        List<Key> sentKeys = new ArrayList<>(keys.size());
        List<Long> deltas = new ArrayList<>(keys.size());
        List<AsyncCommand<String, String, Double>> increments = new ArrayList<>(keys.size());
        for (Key key : keys) {
            Long delta = pending.remove(key);
            if (delta != null) {
                sentKeys.add(key);
                deltas.add(delta);
                increments.add(StoreRedis.zincrby(key.counter().key(), delta, Long.toString(key.id())));
            }
        }
        List<CompletableFuture<Double>> replies;
        try {
            replies = store.sendAll(increments);
        } catch (RuntimeException e) {
            dropped.increment(deltas.stream().mapToLong(Long::longValue).sum());
            log.warn("Read counts not sent ({})", e.getMessage());
            return;
        }
        long lost = 0;
        for (int i = 0; i < replies.size(); i++) {
            Key key = sentKeys.get(i);
            try {
                double value = store.await(replies.get(i));
                sent.increment(deltas.get(i));
                counters.changed(key.counter(), key.id(), Math.round(value));
            } catch (StoreUnavailableException e) {
                lost += deltas.get(i);
            }
        }
        if (lost > 0) {
            dropped.increment(lost);
            log.warn("{} reads not counted: the store failed", lost);
        }
    }
}
