package com.newsfeed.bench;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Switches for the benchmark suite ({@code bench/run}), so every mode it compares is this one application under
 * another configuration. Each switch adds an endpoint of its own under {@code /api/bench/}; none changes, or adds
 * a hop to, the production read path. Production leaves them all at their defaults.
 *
 * @param bareEndpoint   serve {@code GET /api/bench/bare/{id}} (a fixed body from memory: the framework's ceiling) and
 *                       {@code GET /api/bench/bare-redis/{id}} (an article's cached info and body by one MGET on
 *                       the cache's connection: the L2 ceiling)
 * @param baseline       what {@code GET /api/bench/articles/{id}} reads an article detail from: nothing (no such
 *                       endpoint), the database on every read, or Spring's {@code @Cacheable} over Redis, caching
 *                       the response bytes or (for its own row) the object, serialised on every read
 * @param springCacheTtl entry TTL of the Spring Cache modes, the same as the article caches' L2 base TTL
 */
@Validated
@ConfigurationProperties("newsfeed.bench")
public record BenchProperties(
        @DefaultValue("false") boolean bareEndpoint,
        @NotNull @DefaultValue("none") Baseline baseline,
        @NotNull @DefaultValue("30m") Duration springCacheTtl) {

    public enum Baseline {
        NONE, DATABASE, SPRING_CACHE, SPRING_CACHE_OBJECTS
    }
}
