package com.newsfeed.cache.invalidation;

/** What a write changed in one cache, as recorded in the outbox and sent in invalidation messages. */
public enum InvalidationKind {
    /** The entry changed or went away: delete it in L2 (cancelling leases), drop it from every L1. */
    EVICT,
    /** A new id: add it to the bloom filter, delete any "does not exist" marker. */
    CREATED,
    /**
     * A hash entry updated in place by its writer, at a row version: the others delete it only if it holds an
     * older version (the writer could not deliver), and drop it from L1.
     */
    UPDATED,
    /** The whole cache: every key in L2, every L1. */
    CLEAR
}
