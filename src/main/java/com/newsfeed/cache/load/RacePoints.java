package com.newsfeed.cache.load;

/**
 * The points of the read path where races with evictions live. Production uses {@link #NONE}, which does nothing
 * and which the JIT inlines away (one implementation, no hop); a test passes one that pauses a thread at a point
 * so that another can run an eviction exactly there.
 */
@FunctionalInterface
public interface RacePoints {

    enum Point {
        /** A load has read the database; nothing is filled or kept yet. */
        LOADED,
        /** Fills are about to go to Redis. */
        BEFORE_FILL,
        /** An entry is about to be kept in L1 (before the stamp check). */
        BEFORE_L1_PUT,
        /** Inside L1's check-and-put: the stamp was checked, the entry not yet put. */
        L1_STAMP_CHECKED,
        /** A reader is about to wait for a load another reader leads (its deadline is set). */
        FOLLOWING
    }

    RacePoints NONE = (point, cache, id) -> { };

    void reached(Point point, String cache, long id);
}
