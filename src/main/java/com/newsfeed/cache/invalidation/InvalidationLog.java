package com.newsfeed.cache.invalidation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

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
     * numbers skipped so far), and rows no instance has marked delivered yet up to {@code undeliveredCeiling};
     * each row once, oldest first.
     */
    List<Invalidation> pending(long seq, Collection<Long> gaps, long undeliveredCeiling, int limit);

    /** Rows recorded at or after a time, oldest first: what a Redis failover may have lost. */
    List<Invalidation> since(Instant time, int limit);

    void markDelivered(Collection<Long> seqs);

    /** The highest sequence number so far; 0 when empty. */
    long maxSeq();

    /** Deletes rows older than the cutoff, at most {@code limit}; returns how many. */
    int purgeBefore(Instant cutoff, int limit);

    boolean recording();

    static InvalidationLog none() {
        return NoInvalidationLog.INSTANCE;
    }
}
