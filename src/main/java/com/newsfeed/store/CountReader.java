package com.newsfeed.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import io.lettuce.core.RedisFuture;

/**
 * Reads the counts of many entities together: one {@code ZMSCORE} per counter for every id asked for while the
 * previous read was in flight (a group commit: no wait when the store is idle, ever larger batches as it gets
 * busy). Without it every read of a little-read article (whose copy is always past its refresh) cost the store one
 * command per counter; measured under Zipf reads, those reloads were ten times the cache's own Redis traffic, and
 * slowed its replies. Each command names one key, as Redis Cluster wants.
 */
final class CountReader {

    /** The most ids one batch asks for (a Redis command's arguments stay small). */
    private static final int MAX_BATCH = 500;

    private record Pending(long id, CompletableFuture<AtomicLongArray> counts) {
    }

    private final StoreRedis store;
    private final List<Counter> counters;
    private final Executor executor;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean reading = new AtomicBoolean();

    CountReader(StoreRedis store, List<Counter> counters, Executor executor) {
        this.store = store;
        this.counters = counters;
        this.executor = executor;
    }

    /** The entity's counts, in the order of the counters, read with those asked for at about the same time. */
    CompletableFuture<AtomicLongArray> read(long id) {
        CompletableFuture<AtomicLongArray> counts = new CompletableFuture<>();
        queue.add(new Pending(id, counts));
        startIfIdle();
        return counts;
    }

    private void startIfIdle() {
        if (!queue.isEmpty() && reading.compareAndSet(false, true)) {
            try {
                executor.execute(this::readBatch);
            } catch (RuntimeException e) { // the executor shut down with the context
                reading.set(false);
                for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
                    pending.counts().completeExceptionally(e);
                }
            }
        }
    }

    /** Runs with {@code reading} set; the next batch starts once this one's replies are in. */
    private void readBatch() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next = queue.poll(); next != null; next = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            reading.set(false);
            startIfIdle(); // one added after the poll, before the flag fell
            return;
        }
        String[] members = batch.stream().map(pending -> Long.toString(pending.id())).toArray(String[]::new);
        CompletableFuture<?>[] replies;
        try {
            replies = counters.stream().map(counter -> store.commands().zmscore(counter.key(), members))
                    .map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new);
        } catch (RuntimeException e) {
            finish(batch, null, e);
            return;
        }
        store.bounded(CompletableFuture.allOf(replies)).whenComplete((done, failure) -> finish(batch, replies,
                failure));
    }

    @SuppressWarnings("unchecked")
    private void finish(List<Pending> batch, CompletableFuture<?>[] replies, Throwable failure) {
        try {
            for (int i = 0; i < batch.size(); i++) {
                if (failure != null) {
                    batch.get(i).counts().completeExceptionally(failure);
                    continue;
                }
                AtomicLongArray counts = new AtomicLongArray(replies.length);
                for (int c = 0; c < replies.length; c++) {
                    Double score = ((List<Double>) replies[c].join()).get(i);
                    counts.set(c, score == null ? 0 : Math.max(0, Math.round(score)));
                }
                batch.get(i).counts().complete(counts);
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.counts().completeExceptionally(e));
        } finally {
            reading.set(false);
            startIfIdle();
        }
    }
}
