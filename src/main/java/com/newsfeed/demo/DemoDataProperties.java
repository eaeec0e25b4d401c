package com.newsfeed.demo;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The demo data loaded into an empty database at start.
 *
 * @param enabled       whether to seed at all (it never seeds a database that already holds users or articles)
 * @param articles      how many articles; users and announcements are derived from it. A few thousand for a demo,
 *                      100k to a million for benchmarks
 * @param seed          the random seed: the same seed and size always give the same data
 * @param batchSize     rows per JDBC batch insert
 */
@Validated
@ConfigurationProperties("newsfeed.demo")
public record DemoDataProperties(
        boolean enabled,
        @Min(0) @Max(1_000_000) int articles,
        @DefaultValue("20261122") long seed,
        @DefaultValue("1000") @Min(1) @Max(10_000) int batchSize) {

    /** One user per 20 articles, at least 20 so a small demo still has several authors. */
    int users() {
        return Math.max(20, articles / 20);
    }

    int announcements() {
        return articles == 0 ? 0 : 40;
    }
}
