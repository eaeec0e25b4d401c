package com.newsfeed.security;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Issues the service's JWTs (HS256, through Spring Security's Nimbus encoder). The subject is the user's id; an
 * access token carries the role under {@code roles}; {@code token_use} tells an access token from a refresh token,
 * so neither is accepted where the other belongs.
 */
public class TokenService {

    static final String USE_CLAIM = "token_use";
    static final String ACCESS = "access";
    static final String REFRESH = "refresh";
    static final String ROLES_CLAIM = "roles";

    private final JwtEncoder encoder;
    private final SecurityProperties.Token settings;
    private final Clock clock;

    TokenService(JwtEncoder encoder, SecurityProperties.Token settings, Clock clock) {
        this.encoder = encoder;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a login answers. */
    public record Tokens(String token, String refreshToken) {
    }

    public Tokens issue(long userId, Role role) {
        return new Tokens(accessToken(userId, role), refreshToken(userId));
    }

    public String accessToken(long userId, Role role) {
        Instant now = now();
        return encode(claims(userId, ACCESS, now, now.plus(settings.accessTtl()))
                .claim(ROLES_CLAIM, List.of(role.name())));
    }

    /** The user whose refresh token this is (validated already by the refresh chain's decoder). */
    public static long userOf(Jwt token) {
        return Long.parseLong(token.getSubject());
    }

    private String refreshToken(long userId) {
        Instant now = now();
        return encode(claims(userId, REFRESH, now, now.plus(settings.refreshTtl()))
                .id(UUID.randomUUID().toString()));
    }

    private JwtClaimsSet.Builder claims(long userId, String use, Instant issuedAt, Instant expiresAt) {
        return JwtClaimsSet.builder().issuer(settings.issuer()).subject(Long.toString(userId)).issuedAt(issuedAt)
                .expiresAt(expiresAt).claim(USE_CLAIM, use);
    }

    private String encode(JwtClaimsSet.Builder claims) {
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }

    /** JWT times are whole seconds. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
