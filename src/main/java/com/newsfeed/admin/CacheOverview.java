package com.newsfeed.admin;

import java.time.Instant;
import java.util.Map;

import com.newsfeed.cache.CacheStatistics;
import com.newsfeed.cache.InvalidationLag;

/**
 * {@code GET /api/admin/cache/overview}: what the dashboard polls, one instance's whole cache picture in one call.
 * Counters are totals since start; the dashboard turns two samples into rates.
 *
 * @param at            when the figures were read (the rates' time base)
 * @param node          this instance's node id (the one its invalidation messages carry)
 * @param redisCircuit  the circuit breaker in front of Redis: CLOSED, OPEN or HALF_OPEN
 * @param invalidations other instances' invalidation messages applied here, and how late they arrived
 * @param caches        every cache's statistics, by name
 */
record CacheOverview(Instant at, String node, String redisCircuit, InvalidationLag invalidations,
        Map<String, CacheStatistics> caches) {
}
