package com.newsfeed.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Counts login attempts in fixed windows (see {@link SecurityProperties.Login}) under three keys: the number from
 * this address, the number from anywhere, and the address for any number. An attempt is counted atomically before
 * its password is checked (so a burst of parallel guesses cannot all pass the check), and a success takes it back.
 * Caffeine keeps the counts, bounded in number and dropped when their window ends; no rate-limit library keys
 * limits by arbitrary strings this simply. The counts are per instance: N instances allow N times the limits.
 */
public class LoginThrottle {

    private final SecurityProperties.Login settings;
    private final Clock clock;
    private final Cache<String, Window> windows;

    LoginThrottle(SecurityProperties.Login settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.windows = Caffeine.newBuilder().maximumSize(settings.trackedKeys())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(settings.window()).build();
    }

    /** Counts a login attempt, or refuses it while any of its keys has used up its window. */
    public Attempt begin(String mobile, String address) {
        Instant now = clock.instant();
        Attempt attempt = new Attempt(mobile, ClientAddresses.group(address));
        synchronized (this) { // check all three, then count all three: one step, or a burst slips through
            Optional<Duration> wait = longest(wait(attempt.pairKey(), settings.maxFailures(), now),
                    wait(attempt.numberKey(), settings.maxFailuresPerNumber(), now),
                    wait(attempt.addressKey(), settings.maxFailuresPerAddress(), now));
            if (wait.isPresent()) {
                throw new TooManyLoginsException(wait.get());
            }
            for (String key : attempt.keys()) {
                windows.asMap().compute(key, (k, window) -> Window.counted(window, now, settings.window()));
            }
        }
        return attempt;
    }

    /** The attempt could not be checked (password checks busy, the database down): it counts against nothing. */
    public void cancelled(Attempt attempt) {
        for (String key : attempt.keys()) {
            windows.asMap().computeIfPresent(key, (k, window) -> window.uncounted());
        }
    }

    /** The password matched: the number's counts start afresh, and the address gets its attempt back. */
    public void succeeded(Attempt attempt) {
        windows.invalidate(attempt.pairKey());
        windows.invalidate(attempt.numberKey());
        windows.asMap().computeIfPresent(attempt.addressKey(), (key, window) -> window.uncounted());
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Window window = windows.getIfPresent(key);
        if (window == null || window.attempts() < limit || !now.isBefore(window.ends())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, window.ends()));
    }

    @SafeVarargs
    private static Optional<Duration> longest(Optional<Duration>... waits) {
        Optional<Duration> longest = Optional.empty();
        for (Optional<Duration> wait : waits) {
            if (wait.isPresent() && (longest.isEmpty() || wait.get().compareTo(longest.get()) > 0)) {
                longest = wait;
            }
        }
        return longest;
    }

    /** One login attempt's keys (the address as {@link ClientAddresses#group} gives it). */
    public record Attempt(String mobile, String address) {

        String pairKey() {
            return "p:" + mobile + "@" + address;
        }

        String numberKey() {
            return "n:" + mobile;
        }

        String addressKey() {
            return "a:" + address;
        }

        String[] keys() {
            return new String[] {pairKey(), numberKey(), addressKey()};
        }
    }

    /** The attempts counted since {@code ends - window}. */
    private record Window(int attempts, Instant ends) {

        static Window counted(Window window, Instant now, Duration length) {
            if (window == null || !now.isBefore(window.ends())) {
                return new Window(1, now.plus(length));
            }
            return new Window(window.attempts() + 1, window.ends());
        }

        Window uncounted() {
            return new Window(Math.max(0, attempts - 1), ends);
        }
    }
}
