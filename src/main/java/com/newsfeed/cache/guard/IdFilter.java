package com.newsfeed.cache.guard;

import com.newsfeed.cache.remote.BloomProbe;

/**
 * Which ids may exist, asked before a load so that floods of missing ids never reach the database. It must never
 * reject an id that exists (invariant I5): what it cannot be sure of, it lets through. {@link #none()} is the
 * stand-in for a cache without a filter.
 */
public interface IdFilter {

    String name();

    /** The bits to check for the id, or null to let it through without asking Redis. */
    BloomProbe probe(long id);

    /** Adds an id that exists now (a create, before its commit; again from the outbox after it). */
    void add(long id);

    /** Rebuilds from every existing id; returns how many. */
    long rebuild();

    /** Whether the filter holds every existing id, asked of Redis now (false when it cannot be asked). */
    boolean isReady();

    /**
     * {@link #isReady} as last seen (by the maintenance check, every {@code check-interval}, or a rebuild), without
     * asking Redis: what operators' statistics show, so that polling them costs Redis nothing and never goes
     * through the breaker.
     */
    default boolean lastSeenReady() {
        return isReady();
    }

    static IdFilter none() {
        return NoIdFilter.INSTANCE;
    }
}
