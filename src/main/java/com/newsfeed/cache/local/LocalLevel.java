package com.newsfeed.cache.local;

/**
 * The local level (L1) of one cache in this instance, and the key stamps that guard it. Every put is a
 * check-and-put against the key's stamp ({@link KeyGenerations}), atomic with respect to evictions: an eviction
 * that lands at any point of a put leaves no entry behind. {@link #none} is the stand-in for a cache without L1:
 * it keeps nothing, but still stamps keys, since evictions must also cancel loads under way.
 */
public interface LocalLevel<V> {

    /** The entry for the id, fresh or kept past its TTL for stale-if-error; null when there is none. */
    L1Entry<V> lookup(long id);

    /** The key's stamp now: take it before reading anything that may be kept. */
    long stamp(long id);

    /** Keeps the entry only if no eviction of the key happened since {@code stamp} was taken. */
    boolean putIfCurrent(long id, L1Entry<V> entry, long stamp);

    /** Drops the entry and moves the key's stamp. */
    void evict(long id);

    /** Drops every entry and moves every stamp. */
    void clear();

    boolean enabled();

    long size();

    long weightBytes();

    long capacityBytes();

    long evictions();

    static <V> LocalLevel<V> none() {
        return new NoLocalLevel<>();
    }
}
