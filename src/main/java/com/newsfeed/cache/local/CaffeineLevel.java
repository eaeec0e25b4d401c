package com.newsfeed.cache.local;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * L1 as a Caffeine cache bounded by estimated bytes, each entry with its own TTL (plus stale-if-error). Hits and
 * misses are counted by the cache's own meters, not by Caffeine's {@code recordStats()}, which would count the
 * same reads a second time (and call an entry kept for stale-if-error a hit).
 */
public final class CaffeineLevel<V> implements LocalLevel<V> {

    private final Cache<Long, L1Entry<V>> cache;
    private final KeyGenerations generations = new KeyGenerations();
    private final LongAdder evictions = new LongAdder();
    private final long capacityBytes;
    private final LongConsumer afterStampCheck;

    /**
     * @param executor where Caffeine runs its maintenance: its default (the common pool) in production, the
     *                 calling thread in tests, so that they are deterministic
     */
    public CaffeineLevel(long maxWeightBytes, Duration staleIfError, Ticker ticker, Executor executor) {
        this(maxWeightBytes, staleIfError, ticker, executor, id -> { });
    }

    /** @param afterStampCheck a test's pause point between the stamp check and the put; nothing in production */
    public CaffeineLevel(long maxWeightBytes, Duration staleIfError, Ticker ticker, Executor executor,
            LongConsumer afterStampCheck) {
        this.capacityBytes = maxWeightBytes;
        this.afterStampCheck = afterStampCheck;
        long keptLongerNanos = staleIfError.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxWeightBytes)
                .<Long, L1Entry<V>>weigher((id, entry) -> entry.weight())
                .expireAfter(Expiry.writing((Long id, L1Entry<V> entry) ->
                        Duration.ofNanos(entry.ttlNanos() + keptLongerNanos)))
                .ticker(ticker)
                .executor(executor)
                .evictionListener((Long id, L1Entry<V> entry, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.increment();
                    }
                })
                .build();
    }

    /** An entry read under an earlier clear epoch may have slipped past that clear: it is never served. */
    @Override
    public L1Entry<V> lookup(long id) {
        L1Entry<V> entry = cache.getIfPresent(id);
        return entry == null || entry.epoch() == generations.epoch() ? entry : null;
    }

    @Override
    public long stamp(long id) {
        return generations.stamp(id);
    }

    /**
     * The stamp is checked inside Caffeine's atomic {@code compute} for the key, and an eviction moves the stamp
     * before it drops the entry ({@code invalidate} takes the same per-key lock). So either the eviction moved the
     * stamp first and the entry is not put, or the put completes first and the eviction's drop, which it waits for,
     * removes it: no reader that starts after an eviction has completed can find what was read before it. A clear
     * cannot take every key's lock; it moves the epoch instead, and {@link #lookup} never serves an entry read
     * under an older epoch.
     */
    @Override
    public boolean putIfCurrent(long id, L1Entry<V> entry, long stamp) {
        if (generations.stamp(id) != stamp) {
            return false;
        }
        afterStampCheck.accept(id);
        L1Entry<V> kept = entry.underEpoch(KeyGenerations.epochOf(stamp));
        return cache.asMap().compute(id, (key, current) -> generations.stamp(id) == stamp ? kept : current) == kept;
    }

    @Override
    public void evict(long id) {
        generations.bump(id);
        cache.invalidate(id);
    }

    @Override
    public void clear() {
        generations.bumpAll();
        cache.invalidateAll();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public long size() {
        return cache.estimatedSize();
    }

    @Override
    public long weightBytes() {
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }

    @Override
    public long capacityBytes() {
        return capacityBytes;
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }
}
