package com.newsfeed.cache;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * The cache's Redis template: every command, pipeline and script goes through the {@link RedisCircuit}. All of
 * RedisTemplate's execute and executePipelined variants end in this one method, so nothing bypasses it.
 */
final class GuardedRedisTemplate extends RedisTemplate<byte[], byte[]> {

    private final RedisCircuit circuit;

    GuardedRedisTemplate(RedisCircuit circuit) {
        this.circuit = circuit;
    }

    @Override
    public <T> T execute(RedisCallback<T> action, boolean exposeConnection, boolean pipeline) {
        return circuit.call(() -> super.execute(action, exposeConnection, pipeline));
    }

    /**
     * A PING through the breaker while it is not closed: reads skip Redis then, so without this nothing would
     * probe it and a half-open breaker would never close.
     */
    void probeIfNotClosed() {
        if (!"CLOSED".equals(circuit.state())) {
            try {
                execute((RedisCallback<String>) connection -> connection.ping());
            } catch (DataAccessException e) {
                // still down: the breaker counted it
            }
        }
    }
}
