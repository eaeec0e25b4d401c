package com.newsfeed.cache;

import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every second: probe Redis while the circuit is not closed, and deliver evictions an outage held back. Every 30 s: rebuild bloom filters Redis lost, so a Redis restart leaves the database
 * unguarded (never wrong) for one interval at most.
 */
@Component
@EnableScheduling
class CacheMaintenanceSchedule {

    private final CacheMaintenance maintenance;

    CacheMaintenanceSchedule(CacheRegistry registry, RedisTemplate<byte[], byte[]> cacheRedisTemplate) {
        this.maintenance = new CacheMaintenance(registry, ((GuardedRedisTemplate) cacheRedisTemplate)::probeIfNotClosed);
    }

    @Scheduled(fixedDelayString = "${newsfeed.cache.pending-delivery-interval:PT1S}")
    void deliverPending() {
        maintenance.deliverPending();
    }

    @Scheduled(initialDelayString = "${newsfeed.cache.bloom-check-interval:PT30S}",
            fixedDelayString = "${newsfeed.cache.bloom-check-interval:PT30S}")
    void rebuildLostBloomFilters() {
        maintenance.rebuildLostBloomFilters();
    }
}
