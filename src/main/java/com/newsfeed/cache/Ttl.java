package com.newsfeed.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.validation.constraints.NotNull;

/**
 * A time to live of {@code base + uniform random [0, jitter)}: entries written at the same instant expire spread
 * over the jitter window instead of all at once (the avalanche that mass expiry sends to the database).
 *
 * @param base   the shortest time an entry lives
 * @param jitter the width of the random extra; zero for a fixed TTL
 */
public record Ttl(@NotNull Duration base, @NotNull Duration jitter) {

    public Ttl {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("a TTL base must be positive, was " + base);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("a TTL jitter must not be negative, was " + jitter);
        }
    }

    public static Ttl of(Duration base, Duration jitter) {
        return new Ttl(base, jitter);
    }

    /** One draw, in milliseconds. */
    public long pickMillis() {
        long jitterMillis = jitter.toMillis();
        return base.toMillis() + (jitterMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMillis));
    }

    @Override
    public String toString() {
        return jitter.isZero() ? base.toString() : base + " + [0, " + jitter + ")";
    }
}
