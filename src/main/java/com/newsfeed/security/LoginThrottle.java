package com.newsfeed.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Counts failed logins per mobile number and per client address in fixed windows (see
 * {@link SecurityProperties.Login}). Caffeine keeps the counts, bounded in number and dropped when their window
 * ends; no rate-limit library here keys limits by an arbitrary string this simply. The counts are per instance: a
 * fleet of N instances behind a balancer lets an attacker try N times the limit per window.
 */
public class LoginThrottle {

    private final SecurityProperties.Login settings;
    private final Clock clock;
    private final Cache<String, Window> byMobile;
    private final Cache<String, Window> byAddress;

    LoginThrottle(SecurityProperties.Login settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.byMobile = windows(settings, clock);
        this.byAddress = windows(settings, clock);
    }

    /** Refuses this login while its number or its address has used up its window. */
    public void check(String mobile, String address) {
        Instant now = clock.instant();
        longest(wait(byMobile.getIfPresent(mobile), settings.maxFailures(), now),
                wait(byAddress.getIfPresent(address), settings.maxFailuresPerAddress(), now))
                .ifPresent(retryAfter -> {
                    throw new TooManyLoginsException(retryAfter);
                });
    }

    public void failed(String mobile, String address) {
        Instant now = clock.instant();
        byMobile.asMap().compute(mobile, (key, window) -> Window.counted(window, now, settings.window()));
        byAddress.asMap().compute(address, (key, window) -> Window.counted(window, now, settings.window()));
    }

    public void succeeded(String mobile) {
        byMobile.invalidate(mobile);
    }

    private static Optional<Duration> wait(Window window, int limit, Instant now) {
        if (window == null || window.failures() < limit || !now.isBefore(window.ends())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, window.ends()));
    }

    private static Optional<Duration> longest(Optional<Duration> first, Optional<Duration> second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.filter(wait -> wait.compareTo(first.get()) > 0).or(() -> first);
    }

    private static Cache<String, Window> windows(SecurityProperties.Login settings, Clock clock) {
        return Caffeine.newBuilder().maximumSize(settings.trackedKeys())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(settings.window()).build();
    }

    /** The failures counted since {@code ends - window}. */
    private record Window(int failures, Instant ends) {

        static Window counted(Window window, Instant now, Duration length) {
            if (window == null || !now.isBefore(window.ends())) {
                return new Window(1, now.plus(length));
            }
            return new Window(window.failures() + 1, window.ends());
        }
    }
}
