package com.newsfeed.cache.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.Ttl;
import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.local.L1Entry;
import com.newsfeed.cache.local.LocalLevel;
import com.newsfeed.cache.metrics.CacheMetrics;
import com.newsfeed.cache.remote.RemoteLevel;
import com.newsfeed.cache.remote.RemoteRead;
import com.newsfeed.cache.remote.ValueCodec;

/**
 * One cache's parts, as the read path and the invalidations use them: its L1, its L2, its bloom filter, its
 * loader and loads under way, and how long what it keeps lives. A part that is switched off is a stand-in
 * ({@link LocalLevel#none()}, {@link RemoteLevel#none()}, {@link IdFilter#none()}), never null.
 */
public final class CacheLevels<V> {

    /** How one cache keeps entries locally. */
    public record LocalTimes(Ttl l1Ttl, Ttl absentL1Ttl, boolean absentMarkers, double refreshAhead,
            long renewL2BelowMillis) {
    }

    public final String name;
    public final LocalLevel<V> local;
    public final RemoteLevel<V> remote;
    public final IdFilter filter;
    public final CacheMetrics metrics;
    final RacePoints points;
    final TimedLoader<V> loader;
    final Flights<V> flights = new Flights<>();
    private final ValueCodec<V> codec;
    private final Ticker ticker;
    private final LocalTimes times;
    /** What L1 keeps of a loaded value: all of it, but for a list only its head (the fill writes all of it). */
    private final UnaryOperator<V> localView;
    /**
     * Ids with changes this instance does not know Redis has taken yet (a count per id: one per such change):
     * their L2 entry is never read until every one of them is delivered.
     */
    private final Map<Long, Integer> undelivered = new ConcurrentHashMap<>();
    /** Clears Redis has not taken yet: no L2 entry of this cache is read until none is left. */
    private final AtomicInteger clearsUndelivered = new AtomicInteger();

    public CacheLevels(String name, LocalLevel<V> local, RemoteLevel<V> remote, IdFilter filter,
            EntityLoader<V> loader, ValueCodec<V> codec, CacheMetrics metrics, Ticker ticker, LocalTimes times,
            RacePoints points) {
        this(name, local, remote, filter, loader, codec, metrics, ticker, times, points, UnaryOperator.identity());
    }

    public CacheLevels(String name, LocalLevel<V> local, RemoteLevel<V> remote, IdFilter filter,
            EntityLoader<V> loader, ValueCodec<V> codec, CacheMetrics metrics, Ticker ticker, LocalTimes times,
            RacePoints points, UnaryOperator<V> localView) {
        this.localView = localView;
        this.name = name;
        this.local = local;
        this.remote = remote;
        this.filter = filter;
        this.loader = new TimedLoader<>(loader, metrics);
        this.codec = codec;
        this.metrics = metrics;
        this.ticker = ticker;
        this.times = times;
        this.points = points;
    }

    public ValueCodec<V> codec() {
        return codec;
    }

    /** Drops this instance's L1 entry and cancels the loads of the id under way here. */
    public void evictLocal(long id) {
        local.evict(id);
    }

    public void clearLocal() {
        local.clear();
    }

    public void markUndelivered(long id) {
        undelivered.merge(id, 1, Integer::sum);
    }

    public void markDelivered(long id) {
        undelivered.computeIfPresent(id, (key, count) -> count > 1 ? count - 1 : null);
    }

    public void markClearUndelivered() {
        clearsUndelivered.incrementAndGet();
    }

    public void markClearDelivered() {
        clearsUndelivered.updateAndGet(count -> Math.max(0, count - 1));
    }

    public int undelivered() {
        return undelivered.size() + clearsUndelivered.get();
    }

    /** Whether the id's L2 entry must not be read here now: a change to it is not known to be delivered. */
    public boolean skipL2(long id) {
        return clearsUndelivered.get() > 0 || (!undelivered.isEmpty() && undelivered.containsKey(id));
    }

    boolean absentMarkers() {
        return times.absentMarkers();
    }

    long renewL2BelowMillis() {
        return times.renewL2BelowMillis();
    }

    /** What L1 keeps for a read from L2: at most as long as L2 has left (an L1 entry never outlives L2's). */
    L1Entry<V> entryFromL2(RemoteRead<V> read) {
        long remaining = read.remainingMillis() == Long.MAX_VALUE ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(read.remainingMillis());
        if (read.state() == RemoteRead.State.ABSENT) {
            return absentEntry(remaining);
        }
        CachedValue<V> cached = new CachedValue<>(read.value(), read.json(), CachedValue.tagOf(read.json()), false);
        return L1Entry.of(cached, Math.min(nanos(times.l1Ttl()), remaining), ticker.read(), times.refreshAhead());
    }

    /** What L1 keeps for a loaded value; null for a missing one when markers are off (nothing to keep). */
    L1Entry<V> entryFromLoad(V value) {
        if (value == null) {
            return times.absentMarkers() ? absentEntry(Long.MAX_VALUE) : null;
        }
        V kept = localView.apply(value);
        byte[] json = codec.toJson(kept);
        return L1Entry.of(new CachedValue<>(kept, json, CachedValue.tagOf(json), false), nanos(times.l1Ttl()), ticker.read(),
                times.refreshAhead());
    }

    L1Entry<V> absentEntry(long capNanos) {
        return L1Entry.of(null, Math.min(nanos(times.absentL1Ttl()), capNanos), ticker.read(), 0);
    }

    public long now() {
        return ticker.read();
    }

    private static long nanos(Ttl ttl) {
        return TimeUnit.MILLISECONDS.toNanos(ttl.pickMillis());
    }
}
