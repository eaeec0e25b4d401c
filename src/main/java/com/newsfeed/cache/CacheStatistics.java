package com.newsfeed.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * A snapshot of one cache for operators ({@code GET /api/admin/cache/stats}).
 *
 * @param name   the cache
 * @param l1     the local level, or null when disabled
 * @param l2     the Redis level, or null when disabled
 * @param loads  loader (database) calls
 * @param absent the "does not exist" markers' settings
 * @param bloom  the bloom filter, or null when the cache has none
 */
public record CacheStatistics(String name, L1 l1, L2 l2, Loads loads, Absent absent, Bloom bloom) {

    /**
     * @param size          entries held
     * @param weightBytes   their estimated memory
     * @param capacityBytes the most they may take
     */
    public record L1(long size, long weightBytes, long capacityBytes, long hits, long misses, double hitRatio,
            long evictions, String ttl) {
    }

    public record L2(String layout, long hits, long misses, long absentHits, double hitRatio, long errors,
            String ttl) {
    }

    public record Loads(long found, long absent, long errors, long bloomRejections, long leaseWaits) {
    }

    public record Absent(boolean enabled, String l1Ttl, String l2Ttl) {
    }

    public record Bloom(String name, long bits, int hashes, boolean ready) {
    }

    static CacheStatistics of(LayeredCache<?> cache, CacheProperties.Spec spec, Cache<Long, ?> l1,
            L2Layout layout, CacheMetrics metrics, RedisBloomFilter bloom) {
        L1 level1 = null;
        if (l1 != null) {
            CacheStats stats = l1.stats();
            var eviction = l1.policy().eviction().orElseThrow();
            // Hits and misses from the cache's own meters: an entry kept for stale-if-error is a miss to us.
            long hits = (long) (metrics.l1Hit.count() + metrics.l1Absent.count());
            long misses = (long) metrics.l1Miss.count();
            level1 = new L1(l1.estimatedSize(), eviction.weightedSize().orElse(0), eviction.getMaximum(), hits,
                    misses, hits + misses == 0 ? 0 : (double) hits / (hits + misses), stats.evictionCount(),
                    spec.l1().ttl().toString());
        }
        L2 level2 = null;
        if (layout != null) {
            long hits = (long) metrics.l2Hit.count();
            long absentHits = (long) metrics.l2Absent.count();
            long misses = (long) metrics.l2Miss.count();
            long lookups = hits + absentHits + misses;
            level2 = new L2(layout.name(), hits, misses, absentHits,
                    lookups == 0 ? 0 : (double) (hits + absentHits) / lookups, (long) metrics.l2Errors.count(),
                    spec.l2().ttl().toString());
        }
        return new CacheStatistics(cache.name(), level1, level2,
                new Loads((long) metrics.loadsFound.count(), (long) metrics.loadsAbsent.count(),
                        (long) metrics.loadsError.count(), (long) metrics.bloomRejections.count(),
                        (long) metrics.leaseWaits.count()),
                new Absent(spec.absent().enabled(), spec.absent().l1Ttl().toString(),
                        spec.absent().l2Ttl().toString()),
                bloom == null ? null : new Bloom(bloom.name(), bloom.bits(), bloom.hashes(), bloom.isReady()));
    }
}
