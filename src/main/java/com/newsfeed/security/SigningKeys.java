package com.newsfeed.security;

import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HS256 key from configuration, or (in the default run only) a random one made at start-up. */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash. */
    private static final int MIN_BYTES = 32;

    private SigningKeys() {
    }

    static SecretKey of(SecurityProperties.Token settings) {
        String configured = settings.signingKey();
        if (configured == null || configured.isBlank()) {
            if (!settings.generateKey()) {
                throw new IllegalStateException("newsfeed.security.token.signing-key is required (Base64, at least "
                        + MIN_BYTES + " bytes; e.g. `openssl rand -base64 32`), since generate-key is false");
            }
            log.warn("No newsfeed.security.token.signing-key configured: a random key was generated, so tokens hold"
                    + " only on this instance and only until it restarts");
            byte[] key = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(key);
            return new SecretKeySpec(key, "HmacSHA256");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("newsfeed.security.token.signing-key is not valid Base64", e);
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("newsfeed.security.token.signing-key must decode to at least " + MIN_BYTES
                    + " bytes, not " + key.length);
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }
}
