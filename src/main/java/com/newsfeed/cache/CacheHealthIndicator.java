package com.newsfeed.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

/**
 * {@code /actuator/health} component "caches": each cache's L1 fill and hit ratio, the bloom filters, and whether
 * L2 is reachable. It stays UP when Redis is down, reporting {@code mode: degraded}: reads then go L1, then the
 * database, which is slower but correct, so it is not a reason to restart (liveness) or to stop routing
 * (readiness) to this instance.
 */
final class CacheHealthIndicator implements HealthIndicator {

    private final CacheRegistry registry;
    private final RedisExecutor redis;
    private final RedisCircuit circuit;

    CacheHealthIndicator(CacheRegistry registry, RedisExecutor redis, RedisCircuit circuit) {
        this.registry = registry;
        this.redis = redis;
        this.circuit = circuit;
    }

    @Override
    public Health health() {
        boolean redisUp = redisAnswers();
        Map<String, Object> caches = new LinkedHashMap<>();
        for (LayeredCache<?> cache : registry.caches()) {
            CacheStatistics stats = cache.statistics();
            Map<String, Object> details = new LinkedHashMap<>();
            if (stats.l1() != null) {
                details.put("l1Entries", stats.l1().size());
                details.put("l1HitRatio", Math.round(stats.l1().hitRatio() * 1000) / 1000.0);
            }
            if (stats.l2() != null) {
                details.put("l2Errors", stats.l2().errors());
                details.put("undelivered", stats.undelivered());
            }
            caches.put(cache.name(), details);
        }
        Map<String, Object> blooms = new LinkedHashMap<>();
        registry.bloomFilters().forEach(filter -> blooms.put(filter.name(), redisUp && filter.lastSeenReady()
                ? "ready" : "not ready: lets every id through"));
        return Health.up()
                .withDetail("mode", redisUp ? "full" : "degraded: Redis unreachable, serving L1 then the database")
                .withDetail("redis", redisUp ? "UP" : "DOWN")
                .withDetail("redisCircuit", circuit.state())
                .withDetail("caches", caches)
                .withDetail("bloomFilters", blooms)
                .build();
    }

    private boolean redisAnswers() {
        try {
            return "PONG".equals(redis.call("ping", commands -> commands.ping()));
        } catch (RedisUnavailableException e) {
            return false;
        }
    }
}
