package com.newsfeed.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.load.Slot;

/**
 * Reads of several caches together: each level is visited once for all of them (one Redis round trip for every
 * L1 miss, one guard round trip, one database transaction for every load, one fill round trip). An article
 * detail reads its info, body and author this way.
 */
public final class CacheReads {

    private final ReadEngine engine;

    CacheReads(ReadEngine engine) {
        this.engine = engine;
    }

    public Batch batch() {
        return new Batch();
    }

    /** One value of a batch, readable after {@link Batch#run}. */
    public static final class Part<V> {

        private final Slot<V> slot;

        private Part(Slot<V> slot) {
            this.slot = slot;
        }

        /** The value with its JSON, or empty when it does not exist. */
        public Optional<CachedValue<V>> value() {
            return Optional.ofNullable(slot.value());
        }

        /** Before the batch runs: the value, if L1 had it fresh when it was added (e.g. to add a related id). */
        public Optional<V> knownNow() {
            return slot.done() ? Optional.ofNullable(slot.value()).map(CachedValue::value) : Optional.empty();
        }
    }

    public final class Batch {

        private final List<Slot<?>> slots = new ArrayList<>();

        /** Adds a read; an L1 hit is answered at once (see {@link Part#knownNow}). */
        public <V> Part<V> add(LayeredCache<V> cache, long id) {
            Slot<V> slot = engine.slotLookedUp(cache.levels(), id);
            slots.add(slot);
            return new Part<>(slot);
        }

        /** Reads every part added; throws what a load throws (a database failure), as {@code get} does. */
        public void run() {
            engine.read(slots);
        }
    }
}
