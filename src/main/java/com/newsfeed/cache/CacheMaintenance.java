package com.newsfeed.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/** Builds bloom filters, rebuilds those Redis lost, and delivers the evictions an outage held back. */
final class CacheMaintenance {

    private static final Logger log = LoggerFactory.getLogger(CacheMaintenance.class);

    private final CacheRegistry registry;
    private final Runnable probe;

    /** @param probe a call to Redis through the circuit breaker, made while it is not closed */
    CacheMaintenance(CacheRegistry registry, Runnable probe) {
        this.registry = registry;
        this.probe = probe;
    }

    void rebuildAllBloomFilters() {
        registry.bloomFilters().forEach(this::rebuildQuietly);
    }

    /** Until rebuilt, a lost filter lets every id through: safe, but the database is unguarded. */
    void rebuildLostBloomFilters() {
        registry.bloomFilters().stream().filter(filter -> filter.flushPending() && !filter.isReady())
                .forEach(this::rebuildQuietly);
    }

    /** Pending evictions first (they decide what L2 may serve), then pending bloom filter additions. */
    void deliverPending() {
        probe.run();
        for (LayeredCache<?> cache : registry.caches()) {
            if (!cache.deliverPendingEvictions()) {
                return;
            }
        }
        registry.bloomFilters().forEach(RedisBloomFilter::flushPending);
    }

    private void rebuildQuietly(RedisBloomFilter filter) {
        try {
            filter.rebuild();
        } catch (DataAccessException e) {
            log.warn("Bloom filter '{}' not built, Redis failed: {}; it lets every id through until rebuilt",
                    filter.name(), e.getMessage());
        }
    }
}
