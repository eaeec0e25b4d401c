package com.newsfeed.security;

import java.time.Duration;

/** A login refused because its number or address has used up its failures: 429 with Retry-After. */
public final class TooManyLoginsException extends RuntimeException {

    private final Duration retryAfter;

    TooManyLoginsException(Duration retryAfter) {
        super("too many failed logins");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
