package com.newsfeed.cache.invalidation;

import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;

/**
 * What an invalidation does at each level, for every instance that applies it (the writer's own in-place update
 * aside: see {@link Invalidator}). The Redis part goes first and the L1 part after it, always in that order: an
 * L1 entry dropped before the L2 delete could be refilled from the old L2 entry in between.
 */
final class Deliveries {

    private Deliveries() {
    }

    /** The Redis part: into the batch, except a whole-cache clear (a SCAN) and bloom adds, done at once. */
    static void addRemotePart(RedisBatch batch, RedisExecutor redis, CacheLevels<?> levels,
            Invalidation change) {
        switch (change.kind()) {
            case EVICT -> levels.remote.delete(batch, change.id());
            case CREATED -> {
                levels.filter.add(change.id());
                levels.remote.delete(batch, change.id());
            }
            case UPDATED -> {
                if (change.rowVersion() == null) {
                    levels.remote.delete(batch, change.id());
                } else {
                    levels.remote.deleteIfOlder(batch, change.id(), change.rowVersion());
                }
            }
            case CLEAR -> levels.remote.clear(redis);
        }
    }

    /** The L1 part: this instance drops its copy (and cancels loads under way of the key). */
    static void applyLocalPart(CacheLevels<?> levels, Invalidation change) {
        if (change.kind() == InvalidationKind.CLEAR) {
            levels.clearLocal();
        } else {
            levels.evictLocal(change.id());
        }
    }

    /** Whether this instance must not read the entry from L2 until it has delivered the change itself. */
    static void markUndelivered(CacheLevels<?> levels, Invalidation change) {
        if (change.kind() == InvalidationKind.CLEAR) {
            levels.markClearUndelivered();
        } else {
            levels.markUndelivered(change.id());
        }
    }

    /** The change reached Redis: the entry may be read from L2 again. */
    static void markDelivered(CacheLevels<?> levels, Invalidation change) {
        if (change.kind() == InvalidationKind.CLEAR) {
            levels.markClearDelivered();
        } else {
            levels.markDelivered(change.id());
        }
    }
}
