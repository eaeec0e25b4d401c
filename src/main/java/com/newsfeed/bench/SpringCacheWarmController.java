package com.newsfeed.bench;

import java.util.List;
import java.util.stream.LongStream;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleService;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/bench/spring-cache/warm?upTo=N}: puts every published article with an id up to N into the
 * Spring baselines' caches, 500 per batch (three queries each), so that the benchmark compares them with ours in
 * the same state: the whole key space in Redis, as ours after its warm-up. Only the benchmark calls it.
 */
@RestController
@Hidden
@ConditionalOnExpression("'${newsfeed.bench.baseline:none}'.startsWith('spring-cache')")
class SpringCacheWarmController {

    private static final int BATCH = 500;

    private final ArticleService articles;
    private final CacheManager caches;
    private final JsonMapper json;

    SpringCacheWarmController(ArticleService articles, CacheManager caches, JsonMapper json) {
        this.articles = articles;
        this.caches = caches;
        this.json = json;
    }

    /** How many details it put. */
    @PostMapping("/api/bench/spring-cache/warm")
    @Operation(summary = "Warm the Spring Cache baseline (admins; only with a spring-cache baseline)", security = @SecurityRequirement(name = "bearer"))
    int warm(@RequestParam @Min(1) @Max(10_000_000) int upTo) {
        Cache bytes = caches.getCache(SpringCachedArticles.BYTES);
        Cache objects = caches.getCache(SpringCachedArticles.OBJECTS);
        int put = 0;
        for (long from = 1; from <= upTo; from += BATCH) {
            List<Long> ids = LongStream.range(from, Math.min(from + BATCH, upTo + 1L)).boxed().toList();
            for (ArticleDetail detail : articles.loadDetails(ids)) {
                bytes.put(detail.id(), BaselineDetails.serialise(detail, json));
                objects.put(detail.id(), detail);
                put++;
            }
        }
        return put;
    }
}
