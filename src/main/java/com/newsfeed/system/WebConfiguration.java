package com.newsfeed.system;

import java.util.List;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP edge: the frontend's pages, CORS for other frontends, the request body limit and Content-Type check, problem details
 * for what Tomcat refuses, and an API description without a host.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final WebProperties properties;

    WebConfiguration(WebProperties properties) {
        this.properties = properties;
    }

    /**
     * The frontend is static files in the jar ({@code static/}): {@code /} is the reader ({@code index.html}, Boot's
     * welcome page), {@code /dashboard} the cache dashboard, whose data needs an ADMIN token.
     */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/dashboard").setViewName("forward:/dashboard.html");
    }

    @Bean
    FilterRegistrationBean<PagePolicyFilter> pagePolicyFilter() {
        var registration = new FilterRegistrationBean<>(new PagePolicyFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Spring Security's CORS filter uses it (it runs before authentication, so preflights need no token). */
    @Bean
    CorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-None-Match", "If-Match"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Cache-Control", "Retry-After", "WWW-Authenticate"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    /**
     * Drops X-Forwarded-* headers before anything reads them: springdoc builds URLs from them (and fails with a 500
     * on a malformed port). Behind a proxy, {@code server.forward-headers-strategy=native} has Tomcat apply them,
     * from trusted proxies only, before this filter runs.
     */
    @Bean
    FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeadersRemoved() {
        ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
        filter.setRemoveOnly(true);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ContentTypeFilter> contentTypeFilter(JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(new ContentTypeFilter(new ProblemWriter(jsonMapper)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Tomcat's error page, for what it refuses before the application, as a problem (ProblemErrorReportValve). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> ((StandardHost) context.getParent())
                .setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
    }

    /** The API description names no host: springdoc would otherwise build its server URL from the Host header. */
    @Bean
    OpenAPI openApi() {
        return new OpenAPI().servers(List.of(new Server().url("/")))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
    }

    /** Just outside Spring Security's filters, so that their database reads (the admin check) fail as a 503. */
    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(new DatabaseOutageFilter(new ProblemWriter(jsonMapper)));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), new ProblemWriter(jsonMapper)));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
