package com.newsfeed.bench;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Switches for the benchmark suite ({@code bench/run}), so every mode it compares is this one application under
 * another configuration. Production leaves them all at their defaults.
 *
 * @param bareEndpoint   serve {@code GET /api/bench/bare}: a fixed body from memory, the framework's ceiling
 * @param articleReads   where {@code GET /api/articles/{id}} reads from: the multi-level cache (the product), the
 *                       database on every read, or Spring's {@code @Cacheable} over a Redis cache manager
 * @param springCacheTtl entry TTL of the Spring Cache mode, the same as the article caches' L2 base TTL
 */
@Validated
@ConfigurationProperties("newsfeed.bench")
public record BenchProperties(
        @DefaultValue("false") boolean bareEndpoint,
        @NotNull @DefaultValue("layered") ArticleReadPath articleReads,
        @NotNull @DefaultValue("30m") Duration springCacheTtl) {

    public enum ArticleReadPath {
        LAYERED, DATABASE, SPRING_CACHE
    }
}
