package com.newsfeed.cache;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every 30 s (by default) rebuilds any bloom filter that Redis lost and writes ids added while Redis was down,
 * so a Redis restart leaves the database unguarded (but never wrong) for one interval at most.
 */
@Component
@EnableScheduling
class BloomFilterWatch {

    private final BloomFilterMaintenance maintenance;

    BloomFilterWatch(CacheRegistry registry) {
        this.maintenance = new BloomFilterMaintenance(registry);
    }

    @Scheduled(initialDelayString = "${newsfeed.cache.bloom-check-interval:PT30S}",
            fixedDelayString = "${newsfeed.cache.bloom-check-interval:PT30S}")
    void rebuildLostFilters() {
        maintenance.rebuildLost();
    }
}
