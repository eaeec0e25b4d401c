package com.newsfeed.cache;

import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.metrics.CacheMetrics;

/**
 * A snapshot of one cache for operators ({@code GET /api/admin/cache/stats}).
 *
 * @param name        the cache
 * @param l1          the local level, or null when disabled
 * @param l2          the Redis level, or null when disabled
 * @param loads       loader (database) calls and what kept them away
 * @param absent      the "does not exist" markers' settings
 * @param bloom       the bloom filter, or null when the cache has none
 * @param undelivered changes this instance could not deliver to Redis yet
 */
public record CacheStatistics(String name, L1 l1, L2 l2, Loads loads, Absent absent, Bloom bloom,
        int undelivered) {

    /**
     * @param size          entries held
     * @param weightBytes   their estimated memory
     * @param capacityBytes the most they may take
     * @param evictions     entries evicted to stay within the capacity
     * @param refreshes     background refreshes of entries read near their expiry
     */
    public record L1(long size, long weightBytes, long capacityBytes, long hits, long misses, double hitRatio,
            long evictions, long refreshes, String ttl) {
    }

    public record L2(String layout, long hits, long misses, long absentHits, double hitRatio, long errors,
            String ttl) {
    }

    public record Loads(long found, long absent, long errors, long bloomRejections, long leaseWaits,
            long leaseTimeouts) {
    }

    public record Absent(boolean enabled, String l1Ttl, String l2Ttl) {
    }

    public record Bloom(String name, long bits, int hashes, boolean ready) {
    }

    static CacheStatistics of(CacheLevels<?> levels, CacheProperties.Spec spec, boolean bloomReady) {
        CacheMetrics m = levels.metrics;
        L1 level1 = null;
        if (levels.local.enabled()) {
            // Hits and misses from the cache's own meters: an entry kept for stale-if-error is a miss to us.
            long hits = count(m.l1Hit) + count(m.l1Absent);
            long misses = count(m.l1Miss);
            level1 = new L1(levels.local.size(), levels.local.weightBytes(), levels.local.capacityBytes(), hits,
                    misses, ratio(hits, misses), levels.local.evictions(), count(m.refreshesDone),
                    spec.l1().ttl().toString());
        }
        L2 level2 = null;
        if (levels.remote.enabled()) {
            long hits = count(m.l2Hit);
            long absentHits = count(m.l2Absent);
            long misses = count(m.l2Miss);
            level2 = new L2(levels.remote.layout().name(), hits, misses, absentHits, ratio(hits + absentHits, misses),
                    count(m.l2Errors), spec.l2().ttl().toString());
        }
        Bloom bloom = levels.filter instanceof RedisBloomFilter filter
                ? new Bloom(filter.name(), filter.bits(), filter.hashes(), bloomReady) : null;
        return new CacheStatistics(levels.name, level1, level2,
                new Loads(count(m.loadsFound), count(m.loadsAbsent), count(m.loadsError), count(m.bloomRejections),
                        count(m.leaseWaits), count(m.leaseTimeouts)),
                new Absent(spec.absent().enabled(), spec.absent().l1Ttl().toString(), spec.absent().l2Ttl().toString()),
                bloom, levels.undelivered());
    }

    private static long count(io.micrometer.core.instrument.Counter counter) {
        return (long) counter.count();
    }

    private static double ratio(long hits, long misses) {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }
}
