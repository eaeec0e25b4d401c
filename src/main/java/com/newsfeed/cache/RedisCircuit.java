package com.newsfeed.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * A Resilience4j circuit breaker in front of every Redis call of the cache. When Redis fails or times out often
 * enough it opens, and calls fail at once (as a {@link DataAccessException}, which the cache treats as a miss)
 * instead of each waiting for a command timeout; after {@code waitInOpen} it lets a few probes through and closes
 * when they succeed.
 *
 * <p>After it closes again, Redis may still hold values that writes made during the outage could not delete
 * (another instance may not have delivered them yet). So for {@code recoveryGrace} the cache does not read L2
 * (it loads, with the per-key loading control still on), and the listeners registered with {@link #onRecovery}
 * (pending invalidations first) run at once.
 */
public final class RedisCircuit {

    private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);

    private final CircuitBreaker breaker;
    private final Duration recoveryGrace;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    private volatile long graceEndsNanos;
    private volatile boolean recovering;

    RedisCircuit(CircuitBreakerRegistry registry, float failureRateThreshold, Duration waitInOpen,
            Duration recoveryGrace) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .waitDurationInOpenState(waitInOpen)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(e -> e instanceof DataAccessException)
                .build();
        this.breaker = registry.circuitBreaker("redis", config);
        this.recoveryGrace = recoveryGrace;
        breaker.getEventPublisher().onStateTransition(event -> {
            log.warn("Redis circuit: {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                recovered();
            }
        });
    }

    /**
     * Redis is back (the breaker closed, or the invalidation subscription was re-established, which an instance
     * idle during the outage notices even though its breaker never opened): distrust L2 for the grace period and
     * deliver what is pending.
     */
    void recovered() {
        graceEndsNanos = System.nanoTime() + recoveryGrace.toNanos();
        recovering = true;
        recoveryListeners.forEach(Runnable::run);
    }

    /** Runs a Redis call through the breaker; while it is open, fails at once. */
    <T> T call(Supplier<T> redisCall) {
        try {
            return breaker.executeSupplier(redisCall);
        } catch (CallNotPermittedException e) {
            throw new DataAccessResourceFailureException("Redis circuit open: not calling Redis", e);
        }
    }

    /** Whether the cache should not read L2 now: Redis is failing, or only just came back. */
    boolean distrustL2() {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            return true;
        }
        if (recovering && System.nanoTime() - graceEndsNanos >= 0) {
            recovering = false;
        }
        return recovering;
    }

    public String state() {
        return breaker.getState().name();
    }

    Duration recoveryGrace() {
        return recoveryGrace;
    }

    void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
    }
}
