package com.newsfeed.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;


/**
 * The counters an entity shows together (an article's reads, likes and collections), copied in memory for a short
 * while. A response then splices them in without a store round trip: a copy older than {@code refresh} is
 * reloaded in the background while it is served, so a hot entity never waits for the store. A change this instance
 * made (the store's reply to its {@code ZINCRBY}) is written into the copy in place, not as a new cache entry: the
 * copy's age, and so its next reload, stay as they were. A copy is therefore never older than {@code refresh} (plus
 * a round trip), whatever the other instances change.
 */
public final class CountGroup {

    /**
     * What a load that failed completes with, rather than failing: Caffeine logs every failed load with its stack
     * trace, which a store outage would turn into one per request.
     */
    private static final Copy UNAVAILABLE = new Copy(new AtomicLongArray(0));

    /**
     * One entity's counts, changed in place by this instance's changes; {@code changes} tells a reload that started
     * before one of them that its answer is older than the copy.
     */
    private record Copy(AtomicLongArray values, AtomicInteger changes) {

        Copy(AtomicLongArray values) {
            this(values, new AtomicInteger());
        }
    }

    private final StoreRedis store;
    private final List<Counter> counters;
    private final CountReader reader;
    private final AsyncLoadingCache<Long, Copy> copies;

    CountGroup(StoreRedis store, List<Counter> counters, Duration refresh, Duration expiry, int maxEntities,
            Ticker ticker, Executor executor) {
        this.store = store;
        this.counters = List.copyOf(counters);
        this.reader = new CountReader(store, this.counters, executor);
        this.copies = Caffeine.newBuilder()
                .maximumSize(maxEntities)
                .refreshAfterWrite(refresh)
                .expireAfterAccess(expiry)
                .ticker(ticker)
                .buildAsync(new AsyncCacheLoader<Long, Copy>() {
                    @Override
                    public CompletableFuture<Copy> asyncLoad(Long id, Executor executor) {
                        return load(id).thenApply(Copy::new).exceptionally(failure -> UNAVAILABLE);
                    }

                    /**
                     * The store's answer, unless the copy changed here while it was read (the answer may predate the
                     * change), or the store failed: then the copy goes on being served, and is reloaded a refresh
                     * later.
                     */
                    @Override
                    public CompletableFuture<Copy> asyncReload(Long id, Copy old, Executor executor) {
                        int seen = old.changes().get();
                        return load(id).thenApply(values -> old.changes().get() == seen ? new Copy(values) : old)
                                .exceptionally(failure -> old);
                    }
                });
    }

    /**
     * The counts of the entity, in the order of the group's counters: at once from memory, else one store round
     * trip ({@link CountReader}). Fails with {@link StoreUnavailableException}.
     */
    public CompletableFuture<long[]> get(long id) {
        CompletableFuture<Copy> copy = copies.get(id);
        return copy.thenCompose(counts -> {
            if (counts == UNAVAILABLE) {
                copies.asMap().remove(id, copy); // not kept: the next read asks the store again
                return CompletableFuture.failedFuture(new StoreUnavailableException("counts of " + id
                        + " not read from the store", null));
            }
            long[] values = new long[counts.values().length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = counts.values().get(i);
            }
            return CompletableFuture.completedFuture(values);
        });
    }

    /** The counts {@link #get} gave, awaited (the store's timeout at the most); empty when the store failed. */
    public Optional<long[]> await(CompletableFuture<long[]> counts) {
        try {
            return Optional.of(store.await(counts));
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    /** Forgets the copy (an entity that turned out not to exist must not hold memory). */
    public void forget(long id) {
        copies.synchronous().invalidate(id);
    }

    void forgetAll() {
        copies.synchronous().invalidateAll();
    }

    /**
     * A counter's new value, known from the store's reply to a change: a copy held here shows it from now on. Two
     * replies applied out of order leave the older value, for a refresh at the most.
     */
    void changed(Counter counter, long id, long value) {
        int index = counters.indexOf(counter);
        // Quietly: neither a reload of a stale copy nor a longer life for it (the fix changes every id).
        Copy copy = index < 0 ? null : copies.synchronous().policy().getIfPresentQuietly(id);
        if (copy != null && copy != UNAVAILABLE) {
            copy.changes().incrementAndGet();
            copy.values().set(index, Math.max(0, value)); // an unlike's reply may arrive before its like's
        }
    }

    /** A count raised to a total where it was lower (totals may arrive out of order: never lowered by one). */
    void raised(Counter counter, long id, long total) {
        int index = counters.indexOf(counter);
        Copy copy = index < 0 ? null : copies.synchronous().policy().getIfPresentQuietly(id);
        if (copy != null && copy != UNAVAILABLE) {
            copy.changes().incrementAndGet();
            copy.values().accumulateAndGet(index, total, Math::max);
        }
    }

    private CompletableFuture<AtomicLongArray> load(long id) {
        return reader.read(id);
    }
}
