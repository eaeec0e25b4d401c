package com.newsfeed.cache.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.newsfeed.cache.local.L1Entry;

/**
 * The loads of one cache under way in this instance, one per key (single flight): a reader that misses joins
 * the load already running for its key instead of starting another. Each load carries the key's stamp from when
 * it started. A reader only joins a load with the stamp it sees now: after an eviction a reader starts a load of
 * its own, which replaces the old one here, so nobody who arrives after a write joins a load that may have read
 * the row before it (the writer's own next GET included). Readers that had joined before the eviction check the
 * stamp again when the result arrives (see {@link Flight#servesStamp}).
 */
final class Flights<V> {

    private final ConcurrentHashMap<Long, Flight<V>> running = new ConcurrentHashMap<>();

    /** A caller's part in a load: leading it (it loads), or following it (it waits for the result). */
    record Joined<V>(Flight<V> flight, boolean leads) {
    }

    /** The load to follow, or a new one this caller leads. */
    Joined<V> join(long id, long stamp) {
        Flight<V> mine = new Flight<>(id, stamp);
        while (true) {
            Flight<V> existing = running.putIfAbsent(id, mine);
            if (existing == null) {
                return new Joined<>(mine, true);
            }
            if (existing.stamp == stamp) {
                return new Joined<>(existing, false);
            }
            if (running.replace(id, existing, mine)) { // an eviction cancelled it: start afresh
                return new Joined<>(mine, true);
            }
        }
    }

    /**
     * For a reader whose wait for {@code stuck} ran out: it replaces that load and leads a new one, unless another
     * reader replaced it first, whose load it then joins like any other. So a stuck load is taken over by one
     * reader, not by every one that waited for it.
     */
    Joined<V> takeOver(long id, Flight<V> stuck, long stamp) {
        Flight<V> mine = new Flight<>(id, stamp);
        if (running.replace(id, stuck, mine)) {
            return new Joined<>(mine, true);
        }
        return join(id, stamp);
    }

    boolean running(long id) {
        return running.containsKey(id);
    }

    void finish(Flight<V> flight) {
        running.remove(flight.id, flight);
    }

    /** One load: its key, its stamp at the start, and its outcome for the readers that joined it. */
    static final class Flight<V> {

        final long id;
        final long stamp;
        final CompletableFuture<L1Entry<V>> result = new CompletableFuture<>();

        private Flight(long id, long stamp) {
            this.id = id;
            this.stamp = stamp;
        }

        /** Whether a reader may take this load's result: no eviction of the key since the load started. */
        boolean servesStamp(long stampNow) {
            return stampNow == stamp;
        }
    }
}
