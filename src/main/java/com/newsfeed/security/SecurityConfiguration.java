package com.newsfeed.security;

import java.time.Clock;
import java.time.Duration;

import javax.crypto.SecretKey;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Accounts' machinery, with or without a web server: the signing key, the token service and decoder, the password
 * encoder and the login throttle. Who may call what is {@link HttpSecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    @Bean
    SecretKey tokenSigningKey(SecurityProperties properties) {
        return SigningKeys.of(properties.token());
    }

    @Bean
    TokenService tokenService(SecretKey tokenSigningKey, SecurityProperties properties, Clock clock) {
        return new TokenService(NimbusJwtEncoder.withSecretKey(tokenSigningKey).build(), properties.token(), clock);
    }

    /** Access tokens only: what every endpoint but the refresh accepts; a token already checked is remembered. */
    @Bean
    JwtDecoder accessTokenDecoder(SecretKey tokenSigningKey, SecurityProperties properties, Clock clock) {
        SecurityProperties.Token settings = properties.token();
        return new CachingJwtDecoder(decoder(tokenSigningKey, settings, clock, TokenService.ACCESS),
                settings.decodedTokens(), Duration.ofMinutes(5), clock, settings.clockSkew());
    }

    @Bean
    LoginThrottle loginThrottle(SecurityProperties properties, Clock clock) {
        return new LoginThrottle(properties.login(), clock);
    }

    /**
     * bcrypt (upgradeable by its {@code {id}} prefix), at most one hash per core at a time; a check that finds no
     * slot within half a second (about five hashes' time) is refused, so a flood parks no request thread for long.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new BoundedPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                Runtime.getRuntime().availableProcessors(), 500);
    }

    static JwtDecoder decoder(SecretKey key, SecurityProperties.Token settings, Clock clock, String use) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator times = new JwtTimestampValidator(settings.clockSkew());
        times.setClock(clock);
        times.setAllowEmptyExpiryClaim(false);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(times,
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<String>(TokenService.USE_CLAIM, use::equals),
                new JwtClaimValidator<String>("sub",
                        subject -> subject != null && subject.matches("[1-9][0-9]{0,17}")));
        decoder.setJwtValidator(validator);
        return decoder;
    }
}
