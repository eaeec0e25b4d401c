package com.newsfeed.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts and tokens.
 *
 * @param token       the JWTs this service issues and accepts
 * @param login       how repeated failed logins are refused
 * @param resourceUrl the URL clients reach this service at: the {@code resource} of its RFC 9728 metadata
 *                    ({@code /.well-known/oauth-protected-resource}), never taken from a request's Host header
 */
@Validated
@ConfigurationProperties("newsfeed.security")
public record SecurityProperties(@Valid @NotNull Token token, @Valid @NotNull Login login, @NotNull URI resourceUrl) {

    /**
     * @param signingKey  the HMAC-SHA256 key, Base64, at least 32 bytes; every instance of a fleet needs the same one
     * @param generateKey whether a missing key is generated at start-up (the default run: tokens then hold only on
     *                    this instance until it restarts); false makes a missing key a start-up error
     * @param issuer      the {@code iss} claim written and required
     * @param accessTtl   how long an access token is accepted
     * @param refreshTtl  how long a refresh token can get new access tokens
     * @param clockSkew   how far instances' clocks may differ when a token's times are checked
     * @param decodedTokens how many checked access tokens are remembered (for 5 minutes each, and never past their
     *                    expiry), so that a reader's next request skips the parse and the HMAC
     */
    public record Token(String signingKey, boolean generateKey, @NotBlank String issuer, @NotNull Duration accessTtl,
            @NotNull Duration refreshTtl, @NotNull Duration clockSkew, @Positive int decodedTokens) {
    }

    /**
     * Login attempts are counted in fixed windows; once a count reaches its limit, logins under that key are
     * refused with 429 until the window ends, without checking the password. A success takes the attempt back.
     *
     * @param maxFailures           failed attempts per mobile number from one client address
     * @param maxFailuresPerNumber  failed attempts per mobile number from all addresses (a spread-out guesser); it
     *                              is higher, since reaching it locks the number's owner out too
     * @param maxFailuresPerAddress failed attempts per client address for all numbers (one address spraying)
     * @param window                how long a window lasts from its first attempt
     * @param trackedKeys           how many keys are tracked at most (memory stays bounded)
     */
    public record Login(@Positive int maxFailures, @Positive int maxFailuresPerNumber,
            @Positive int maxFailuresPerAddress, @NotNull Duration window, @Positive int trackedKeys) {
    }
}
