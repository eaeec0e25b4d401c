package com.newsfeed.cache.local;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What this instance has seen of evictions, per key: a stamp that grows whenever the key (or the whole cache) is
 * evicted. A load takes the stamp before it reads anything; its result may be kept (in L1, or handed to readers
 * that joined the load) only while the stamp is unchanged, which is how an eviction stops a value read before
 * the write from being kept after it (invariant I1, local half).
 *
 * <p>Keys share {@value #STRIPES} counters: an eviction of one key also moves the stamps of the keys in its
 * stripe, which costs a load under way for those a needless retry at worst, never a stale value. A clear moves one
 * epoch instead of every stripe. A stamp is the epoch (high 32 bits) and the stripe's counter (low 32 bits); both
 * only grow, so the stamp changes whenever either does (a counter would have to wrap all the way round between
 * two reads to hide a change).
 */
public final class KeyGenerations {

    static final int STRIPES = 1_024;

    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong epoch = new AtomicLong();

    /** The key's stamp now. */
    public long stamp(long id) {
        return (epoch.get() << 32) | (stripes.get(stripe(id)) & 0xFFFF_FFFFL);
    }

    /** How many clears there have been: the high half of every stamp. */
    long epoch() {
        return epoch.get() & 0xFFFF_FFFFL;
    }

    static long epochOf(long stamp) {
        return stamp >>> 32;
    }

    void bump(long id) {
        stripes.incrementAndGet(stripe(id));
    }

    void bumpAll() {
        epoch.incrementAndGet();
    }

    private static int stripe(long id) {
        return (int) (Long.hashCode(id * 0x9E3779B97F4A7C15L) & (STRIPES - 1));
    }
}
