package com.newsfeed.security;

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
 * @param token the JWTs this service issues and accepts
 * @param login how repeated failed logins are refused
 */
@Validated
@ConfigurationProperties("newsfeed.security")
public record SecurityProperties(@Valid @NotNull Token token, @Valid @NotNull Login login) {

    /**
     * @param signingKey  the HMAC-SHA256 key, Base64, at least 32 bytes; every instance of a fleet needs the same one
     * @param generateKey whether a missing key is generated at start-up (the default run: tokens then hold only on
     *                    this instance until it restarts); false makes a missing key a start-up error
     * @param issuer      the {@code iss} claim written and required
     * @param accessTtl   how long an access token is accepted
     * @param refreshTtl  how long a refresh token can get new access tokens
     * @param clockSkew   how far instances' clocks may differ when a token's times are checked
     */
    public record Token(String signingKey, boolean generateKey, @NotBlank String issuer, @NotNull Duration accessTtl,
            @NotNull Duration refreshTtl, @NotNull Duration clockSkew) {
    }

    /**
     * Failed logins are counted in fixed windows, per mobile number and per client address; once a count reaches
     * its limit, logins for that number (or from that address) are refused with 429 until the window ends, without
     * checking the password. A success clears the number's count.
     *
     * @param maxFailures           failures per mobile number per window
     * @param maxFailuresPerAddress failures per client address per window (one address trying many numbers)
     * @param window                how long a window lasts from its first failure
     * @param trackedKeys           how many numbers and addresses are tracked at most (memory stays bounded)
     */
    public record Login(@Positive int maxFailures, @Positive int maxFailuresPerAddress, @NotNull Duration window,
            @Positive int trackedKeys) {
    }
}
