package com.newsfeed.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers tokens already decoded and validated, by their exact text: a logged-in reader sends the same token with
 * every request, and parsing it and checking its HMAC again cost each read about a third of its throughput
 * (bench/security-overhead). Only successes are kept, and a kept token is still refused once it has expired; the
 * text is the whole signed token, so a changed character is a miss that is decoded and checked in full.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Cache<String, Jwt> decoded;
    private final Clock clock;
    private final Duration clockSkew;

    CachingJwtDecoder(JwtDecoder delegate, int maximumTokens, Duration keepFor, Clock clock, Duration clockSkew) {
        this.delegate = delegate;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.decoded = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(keepFor).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = decoded.getIfPresent(token);
        if (known != null && stillValid(known)) {
            return known;
        }
        Jwt jwt = delegate.decode(token); // throws for an invalid or expired one, which is never kept
        decoded.put(token, jwt);
        return jwt;
    }

    private boolean stillValid(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && clock.instant().isBefore(expiresAt.plus(clockSkew));
    }
}
