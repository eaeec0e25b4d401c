package com.newsfeed.cache.remote;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.newsfeed.cache.L2Layout;

/**
 * The Redis level (L2) of one cache, as the read path and the invalidations use it. Each method adds its commands
 * to a {@link RedisBatch} and returns what will be readable once the batch has run, so reads of several
 * caches share one round trip. {@link #none()} is the stand-in for a cache configured without L2: it answers
 * every read as a miss, and adds nothing to a batch.
 */
public interface RemoteLevel<V> {

    boolean enabled();

    L2Layout layout();

    /** The Redis key of an id, e.g. {@code nf:art:42:info}. */
    byte[] valueKey(long id);

    /** The key of the lease that guards loads and fills of that value. */
    byte[] leaseKey(long id);

    /**
     * The value (or marker), and with {@code withTtl} its remaining TTL (one more command, which only a cache
     * that keeps the value in L1 needs: L1 never outlives L2).
     */
    Supplier<RemoteRead<V>> read(RedisBatch batch, long id, boolean withTtl);

    /** Whether someone still holds a lease on the id (a load is under way somewhere). */
    Supplier<Boolean> leaseHeld(RedisBatch batch, long id);

    /**
     * Writes a loaded value (null: a "does not exist" marker) with a jittered TTL, only if the lease
     * {@code token} still stands, and gives the lease back; false when an eviction cancelled it meanwhile.
     */
    Supplier<Boolean> fill(RedisBatch batch, long id, String token, V value, byte[] json);

    /** Gives a lease back unused. */
    void release(RedisBatch batch, long id, String token);

    /** Extends a lease still held, so a slow load keeps the others waiting instead of loading too. */
    void extend(RedisBatch batch, long id, String token);

    /** Deletes the value and cancels any lease on it. */
    void delete(RedisBatch batch, long id);

    /**
     * Deletes the value if it holds an older row version than {@code rowVersion} (or none), and cancels any lease:
     * what another instance applies for an in-place update it cannot know was delivered.
     */
    void deleteIfOlder(RedisBatch batch, long id, long rowVersion);

    /**
     * Writes a newer row version's changed fields in place, only over the version just before it; an entry with a
     * gap to it is deleted instead. Cancels any lease.
     */
    void updateFields(RedisBatch batch, long id, long rowVersion, Map<String, String> set,
            Set<String> delete);

    /** Deletes every key of this cache (values, markers, leases); returns how many. */
    long clear(RedisExecutor redis);

    @SuppressWarnings("unchecked")
    static <V> RemoteLevel<V> none() {
        return (RemoteLevel<V>) NoRemoteLevel.INSTANCE;
    }
}
