package com.newsfeed.cache.local;

import com.newsfeed.cache.CachedValue;

/**
 * What L1 holds for a key: a value, or (cached == null) a "does not exist" marker. Times are ticker nanoseconds.
 *
 * @param ttlNanos   how long it is fresh from its write; Caffeine keeps it stale-if-error longer
 * @param freshUntil when it stops being served as fresh
 * @param refreshAt  from when a read refreshes it in the background (refresh-ahead); after freshUntil: never
 * @param epoch      the clear epoch it was read under: served only while no clear has happened since
 */
public record L1Entry<V>(CachedValue<V> cached, long ttlNanos, long freshUntil, long refreshAt, long epoch) {

    public static <V> L1Entry<V> of(CachedValue<V> cached, long ttlNanos, long now, double refreshAhead) {
        return new L1Entry<>(cached, ttlNanos, now + ttlNanos, now + (long) (ttlNanos * (1 - refreshAhead)), 0);
    }

    L1Entry<V> underEpoch(long readEpoch) {
        return new L1Entry<>(cached, ttlNanos, freshUntil, refreshAt, readEpoch);
    }

    public boolean freshAt(long now) {
        return freshUntil - now > 0;
    }

    /** Read while fresh but in the last part of its TTL: worth refreshing before it expires. */
    public boolean refreshDueAt(long now) {
        return now - refreshAt >= 0;
    }

    public boolean absent() {
        return cached == null;
    }

    int weight() {
        // The encoded bytes plus, roughly, the decoded object and the entry's own overhead.
        return cached == null ? 64 : 2 * cached.json().length + 128;
    }
}
