package com.newsfeed.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "caches": each cache's L1 fill and hit ratio, the bloom filters, and whether
 * L2 is reachable. It stays UP when Redis is down, reporting {@code mode: degraded}: reads then go L1, then the
 * database, which is slower but correct, so it is not a reason to restart (liveness) or to stop routing
 * (readiness) to this instance.
 */
@Component("caches")
class CacheHealthIndicator implements HealthIndicator {

    private final CacheRegistry registry;
    private final RedisTemplate<byte[], byte[]> redis;
    private final RedisCircuit circuit;

    CacheHealthIndicator(CacheRegistry registry, RedisTemplate<byte[], byte[]> cacheRedisTemplate,
            RedisCircuit circuit) {
        this.registry = registry;
        this.redis = cacheRedisTemplate;
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
                details.put("pendingEvictions", cache.pendingEvictions());
            }
            caches.put(cache.name(), details);
        }
        Map<String, Object> blooms = new LinkedHashMap<>();
        registry.bloomFilters().forEach(filter -> blooms.put(filter.name(), redisUp && filter.isReady()
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
            return "PONG".equals(redis.execute((RedisCallback<String>) connection -> connection.ping()));
        } catch (DataAccessException e) {
            return false;
        }
    }
}
