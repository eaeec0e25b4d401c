package com.newsfeed.cache.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * A Resilience4j circuit breaker in front of every Redis call of the cache. When enough calls fail within the
 * window it opens, and calls fail at once (as {@link RedisUnavailableException}) instead of each waiting for a
 * command timeout. It reads time from the cache's ticker, so a test moves it by advancing a fake one: after
 * {@code waitInOpen} the next call (a read, or the maintenance PING) is let through as a probe, and enough
 * successful probes close it again.
 */
public final class RedisCircuit {

    private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);

    /** How the breaker is tuned; see {@code newsfeed.cache.redis-circuit}. */
    public record Settings(float failureRateThreshold, Duration window, int minimumCalls, Duration waitInOpen,
            int probesInHalfOpen) {
    }

    private final CircuitBreaker breaker;

    public RedisCircuit(CircuitBreakerRegistry registry, Settings settings, Ticker ticker) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.window().toSeconds()))
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.waitInOpen())
                // No timer thread: the first call after waitInOpen (by the ticker) moves it to half-open.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .permittedNumberOfCallsInHalfOpenState(settings.probesInHalfOpen())
                .recordException(e -> e instanceof RedisUnavailableException)
                .clock(new TickerClock(ticker))
                .currentTimestampFunction(clock -> ticker.read(), TimeUnit.NANOSECONDS)
                .build();
        this.breaker = registry.circuitBreaker("redis", config);
        breaker.getEventPublisher().onStateTransition(event -> log.warn("Redis circuit: {}",
                event.getStateTransition()));
    }

    /** Runs a Redis call through the breaker; while it is open, fails at once without calling Redis. */
    <T> T call(Supplier<T> redisCall) {
        try {
            return breaker.executeSupplier(redisCall);
        } catch (CallNotPermittedException e) {
            throw new RedisUnavailableException("Redis circuit open: not calling Redis", e);
        }
    }

    public String state() {
        return breaker.getState().name();
    }

    /** Calls the breaker counted as failed in its current window. */
    public int failedCalls() {
        return breaker.getMetrics().getNumberOfFailedCalls();
    }

    public boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** Resilience4j's sliding window reads a {@link Clock}: this one runs on the cache's ticker. */
    private static final class TickerClock extends Clock {

        private final Ticker ticker;
        private final long originNanos;
        private final Instant origin = Instant.now();

        TickerClock(Ticker ticker) {
            this.ticker = ticker;
            this.originNanos = ticker.read();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return origin.plusNanos(ticker.read() - originNanos);
        }
    }
}
