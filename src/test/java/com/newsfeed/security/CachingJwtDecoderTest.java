package com.newsfeed.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import com.newsfeed.support.MovableClock;

class CachingJwtDecoderTest {

    private final MovableClock clock = new MovableClock();
    private final AtomicInteger decodes = new AtomicInteger();
    /** Stands in for Nimbus: "good" tokens decode (expiring 2 h after now), anything else is refused. */
    private final JwtDecoder checking = token -> {
        decodes.incrementAndGet();
        if (!token.startsWith("good") || clock.instant().isAfter(expiryOf(token))) {
            throw new BadJwtException("refused");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("7")
                .issuedAt(expiryOf(token).minus(Duration.ofHours(2))).expiresAt(expiryOf(token)).build();
    };
    private final Instant start = clock.instant();
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(checking, 100, Duration.ofMinutes(5), clock,
            Duration.ofSeconds(30));

    private Instant expiryOf(String token) {
        return start.plus(Duration.ofHours(2));
    }

    @Test
    void aCheckedToken_isDecodedOnce_untilItExpires() {
        assertThat(decoder.decode("good-1").getSubject()).isEqualTo("7");
        assertThat(decoder.decode("good-1").getSubject()).isEqualTo("7");
        assertThat(decodes).hasValue(1);

        clock.advance(Duration.ofHours(2).plusSeconds(31));

        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(BadJwtException.class);
        assertThat(decodes).hasValue(2);
    }

    @Test
    void aRefusedToken_isNeverKept() {
        assertThatThrownBy(() -> decoder.decode("tampered")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("tampered")).isInstanceOf(BadJwtException.class);
        assertThat(decodes).hasValue(2);
    }
}
