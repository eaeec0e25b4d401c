package com.newsfeed.cache.invalidation;

/** What a write changed in one cache, as recorded in the outbox and sent in invalidation messages. */
public enum InvalidationKind {
    /** The entry changed or went away: delete it in L2 (cancelling leases), drop it from every L1. */
    EVICT,
    /** A new id: add it to the bloom filter, delete any "does not exist" marker. */
    CREATED,
    /**
     * An entry updated in place by its writer: a hash's fields at a row version (the others delete it only if it
     * holds an older version), or a list's members (no row version: the others delete it), when the writer could
     * not deliver; everyone drops it from L1.
     */
    UPDATED,
    /** The whole cache: every key in L2, every L1. */
    CLEAR;

    /** The kind of this name; one a newer release recorded or sent, unknown to this one, evicts (always safe). */
    static InvalidationKind named(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return EVICT;
        }
    }
}
