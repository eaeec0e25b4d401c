package com.newsfeed.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/** Builds bloom filters from the database, and rebuilds those that Redis lost (a restart or a flush). */
final class BloomFilterMaintenance {

    private static final Logger log = LoggerFactory.getLogger(BloomFilterMaintenance.class);

    private final CacheRegistry registry;

    BloomFilterMaintenance(CacheRegistry registry) {
        this.registry = registry;
    }

    void rebuildAll() {
        registry.bloomFilters().forEach(this::rebuildQuietly);
    }

    /** Until rebuilt, a lost filter lets every id through: safe, but the database is unguarded. */
    void rebuildLost() {
        registry.bloomFilters().stream().filter(filter -> !filter.isReady() && filter.flushPending())
                .forEach(this::rebuildQuietly);
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
