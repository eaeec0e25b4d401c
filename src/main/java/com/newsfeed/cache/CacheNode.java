package com.newsfeed.cache;

import com.newsfeed.cache.invalidation.InvalidationBus;
import com.newsfeed.cache.remote.RedisCircuit;

/** This instance as the cache sees it, for operators: its node id, its Redis circuit and its invalidation lag. */
public final class CacheNode {

    private final InvalidationBus bus;
    private final RedisCircuit circuit;

    CacheNode(InvalidationBus bus, RedisCircuit circuit) {
        this.bus = bus;
        this.circuit = circuit;
    }

    /** The id this instance's invalidation messages carry (and by which it ignores its own). */
    public String id() {
        return bus.nodeId();
    }

    /** The circuit breaker in front of Redis: CLOSED, OPEN or HALF_OPEN. */
    public String redisCircuit() {
        return circuit.state();
    }

    public InvalidationLag invalidationLag() {
        return bus.lag();
    }
}
