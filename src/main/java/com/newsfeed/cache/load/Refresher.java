package com.newsfeed.cache.load;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Refresh-ahead: an entry read in the last part of its L1 TTL is refreshed in the background, so a key that stays
 * hot never misses L1. One refresh per key at a time in this instance (it runs as the key's load, which readers
 * that miss meanwhile join); what it finds goes through the same lease, fill and stamp rules as any read.
 */
final class Refresher {

    private final Executor executor;
    private final ReadEngine engine;

    Refresher(Executor executor, ReadEngine engine) {
        this.executor = executor;
        this.engine = engine;
    }

    <V> void request(CacheLevels<V> levels, long id) {
        if (levels.flights.running(id)) {
            return; // a load or a refresh of the key is under way
        }
        try {
            executor.execute(() -> engine.refresh(levels, id));
        } catch (RejectedExecutionException e) {
            levels.metrics.refreshesDropped.increment(); // the queue is full: the entry simply expires
        }
    }
}
