package com.newsfeed.cache.invalidation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The invalidation outbox: every write records what it changes in the cache in its own transaction, so no crash,
 * partition or lost message can lose it (invariant I2). {@link #none()} is the stand-in for a cache core without
 * a database (benchmarks, tests of the levels alone): nothing is recorded, deliveries are best effort.
 */
public interface InvalidationLog {

    /** Records a change in the current transaction (or on its own outside one); returns its sequence number. */
    long append(String cache, long id, InvalidationKind kind, Long rowVersion);

    /**
     * What a tail asks for on each poll, in one statement: rows after {@code seq}, rows in {@code gaps} (sequence
     * numbers skipped so far), and rows of {@code caches} no instance has marked delivered yet up to
     * {@code undeliveredCeiling} (a row of a cache this release lacks is left to the instances that have it);
     * each row once, oldest first.
     */
    List<Invalidation> pending(long seq, Collection<Long> gaps, long undeliveredCeiling, Collection<String> caches,
            int limit);

    /** Rows recorded, or last delivered, at or after a time, oldest first. */
    List<Invalidation> since(Instant time, int limit);

    void markDelivered(Collection<Long> seqs);

    /** For those of these rows that still exist: whether some instance has marked them delivered. */
    Map<Long, Boolean> delivery(Collection<Long> seqs);

    /**
     * Marks every row recorded or last delivered at or after a time undelivered again (what a Redis failover may
     * have lost), so that every instance's tail delivers it anew; returns how many.
     */
    int reopenSince(Instant time);

    /** The highest sequence number so far; 0 when empty. */
    long maxSeq();

    /**
     * Deletes delivered rows older than {@code deliveredCutoff}, and any row older than {@code anyCutoff} (longer
     * ago than any L2 TTL: nothing it could still evict), at most {@code limit}; returns how many.
     */
    int purgeBefore(Instant deliveredCutoff, Instant anyCutoff, int limit);

    boolean recording();

    static InvalidationLog none() {
        return NoInvalidationLog.INSTANCE;
    }
}
