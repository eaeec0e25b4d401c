package com.newsfeed.cache.load;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.local.L1Entry;
import com.newsfeed.cache.remote.RemoteRead;

/**
 * One (cache, id) of a read, and how far it got. A read of several ids, or of an article's parts in several
 * caches, is a list of slots that go through each level together: one Redis round trip per level for all of
 * them, one database transaction for all their loads.
 */
public final class Slot<V> {

    final CacheLevels<V> levels;
    final long id;
    /** An entry past its TTL, still kept for stale-if-error: served if the load fails. */
    L1Entry<V> expired;
    /** The key's stamp when the read began: what it finds may be kept only while it is unchanged. */
    long stamp;
    Flights.Joined<V> joined;
    /** The load this slot waited for in vain, to be taken over on its next attempt. */
    Flights.Flight<V> stuck;
    /** Lease over a value that is there (unreadable here, or renewed ahead of its expiry). */
    boolean overExisting;
    /** A refresh-ahead: an L2 entry with little time left is reloaded instead of taken. */
    boolean renewing;
    String token;
    /** What the loader returned (null: the id does not exist). */
    V loaded;
    private L1Entry<V> result;
    private boolean stale;

    Slot(CacheLevels<V> levels, long id) {
        this.levels = levels;
        this.id = id;
    }

    /** The value found, null when the id does not exist; call after the read. */
    public CachedValue<V> value() {
        if (result == null) {
            throw new IllegalStateException("read not run for " + levels.name + " " + id);
        }
        CachedValue<V> cached = result.cached();
        return stale && cached != null ? cached.asStale() : cached;
    }

    /** Whether the slot has its answer (e.g. an L1 hit found as the batch was built). */
    public boolean done() {
        return result != null;
    }

    void answer(L1Entry<V> entry) {
        this.result = entry;
    }

    L1Entry<V> answer() {
        return result;
    }

    /** Answers with an entry, keeping it in L1 if no eviction intervened since the read began. */
    void keep(L1Entry<V> entry) {
        levels.points.reached(RacePoints.Point.BEFORE_L1_PUT, levels.name, id);
        levels.local.putIfCurrent(id, entry, stamp);
        result = entry;
    }

    void keepFromL2(RemoteRead<V> read) {
        (read.state() == RemoteRead.State.ABSENT ? levels.metrics.l2Absent : levels.metrics.l2Hit).increment();
        keep(levels.entryFromL2(read));
    }

    /** Serves the expired entry, marked stale, because the load failed; false when there is none to serve. */
    boolean serveStale() {
        if (expired == null) {
            return false;
        }
        levels.metrics.staleServed.increment();
        result = expired;
        stale = true;
        return true;
    }
}
