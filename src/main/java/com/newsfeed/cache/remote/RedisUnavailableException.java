package com.newsfeed.cache.remote;

/**
 * Redis could not answer: refused, reset, timed out, rejected while disconnected, an error reply that says the
 * server is unhealthy (OOM, LOADING, BUSY, READONLY), or the circuit breaker is open. Every client failure of the
 * cache's Redis calls ends as this one exception (invariant I6): the read path treats it as a miss, the breaker
 * counts it, and nothing else ever escapes from a Redis call.
 */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RedisUnavailableException(String message) {
        super(message);
    }
}
