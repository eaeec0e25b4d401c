package com.newsfeed.article;

/**
 * Where {@code GET /api/articles/{id}} reads a detail from. The service's multi-level path unless
 * {@code newsfeed.bench.article-reads} picks one of the benchmark's baselines (see {@code com.newsfeed.bench}),
 * so every mode is measured through the same endpoint of the same application.
 */
@FunctionalInterface
public interface ArticleReads {

    /** The detail's JSON and tag; throws {@code ResourceNotFoundException} for a missing article. */
    ArticleService.DetailJson detailJson(long id);
}
