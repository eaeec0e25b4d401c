package com.newsfeed.security;

import java.time.Clock;
import java.util.List;

import javax.crypto.SecretKey;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.newsfeed.system.ProblemWriter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Reads are public; writes need an access token, and the services check ownership; the
 * caches' admin API, announcements' writes and the actuator's details need ADMIN. Tokens are our own HS256 JWTs,
 * checked by Spring Security's resource server; no session, no cookie, so no CSRF to defend against.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class HttpSecurityConfiguration implements WebMvcConfigurer {

    private static final String AUTHORIZATIONS = "/api/authorizations";

    private final AccountDirectory accounts;

    HttpSecurityConfiguration(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(accounts));
        resolvers.add(new ReaderArgumentResolver());
    }

    /**
     * No Spring Security observations: they time every filter of every request, which cost the L1-hit read a third
     * of its throughput (JFR); the HTTP server's own observation still times each request.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ProblemAuthenticationHandlers problemAuthenticationHandlers(JsonMapper jsonMapper) {
        return new ProblemAuthenticationHandlers(new ProblemWriter(jsonMapper));
    }

    /**
     * {@code POST} logs in (public); {@code PUT} trades a refresh token, sent as the bearer, for a new access token.
     * Only refresh tokens are accepted here, and only on PUT: a bearer sent along with a login is not read.
     */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationsChain(HttpSecurity http, SecretKey tokenSigningKey, SecurityProperties properties,
            Clock clock, ProblemAuthenticationHandlers problems) throws Exception {
        DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
        BearerTokenResolver onPutOnly = request -> "PUT".equals(request.getMethod()) ? bearer.resolve(request) : null;
        common(http, problems).securityMatcher(AUTHORIZATIONS)
                .oauth2ResourceServer(server -> server.bearerTokenResolver(onPutOnly)
                        .authenticationEntryPoint(problems).accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.decoder(SecurityConfiguration.decoder(tokenSigningKey,
                                properties.token(), clock, TokenService.REFRESH))))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.PUT, AUTHORIZATIONS).authenticated()
                        .anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, JwtDecoder accessTokenDecoder, Environment environment,
            SecurityProperties properties, ProblemAuthenticationHandlers problems) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(TokenService.ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);
        ActiveAdmin admin = new ActiveAdmin(accounts);
        common(http, problems)
                .oauth2ResourceServer(server -> server.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                document -> document.resource(properties.resourceUrl().toString())))
                        .jwt(jwt -> jwt.decoder(accessTokenDecoder).jwtAuthenticationConverter(authentication)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(onManagementPort(environment)).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .requestMatchers("/actuator/**").access(admin)
                        .requestMatchers("/api/admin/**").access(admin)
                        .requestMatchers("/api/user", "/api/user/**").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/articles/*/reactions").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/users").permitAll() // signing up
                        .requestMatchers(HttpMethod.GET, "/api/**").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/api/**").permitAll()
                        // The benchmark's endpoints exist only with a newsfeed.bench switch on; their reads are
                        // public like the product's, so that a baseline pays for no token the product skips.
                        .requestMatchers("/api/announcements/**", "/api/bench/**").access(admin)
                        .requestMatchers("/api/**").authenticated() // writes of one's own content
                        .requestMatchers(HttpMethod.GET, "/**").permitAll() // API docs, static files, 404s
                        .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }

    private static HttpSecurity common(HttpSecurity http, ProblemAuthenticationHandlers problems) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .cors(Customizer.withDefaults())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
    }

    /**
     * With the actuator on a port of its own ({@code management.server.port}), the network guards it: Prometheus
     * scrapes it without a token. That is only safe on an internal interface, so {@code management.server.address}
     * must be set too (a start-up error otherwise). A port of 0 (random) is not supported here.
     */
    private static RequestMatcher onManagementPort(Environment environment) {
        int management = environment.getProperty("management.server.port", Integer.class, -1);
        int server = environment.getProperty("server.port", Integer.class, 8080);
        if (management <= 0 || management == server) {
            return request -> false;
        }
        if (!StringUtils.hasText(environment.getProperty("management.server.address"))) {
            throw new IllegalStateException("management.server.port is set, so the actuator is open on it: set"
                    + " management.server.address to an internal interface (0.0.0.0 to accept every one knowingly)");
        }
        return (HttpServletRequest request) -> request.getLocalPort() == management;
    }
}
