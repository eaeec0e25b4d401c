package com.newsfeed.demo;

import java.net.URI;

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
 * @param password      the password every demo user logs in with, user 1 being an ADMIN; blank (the {@code mysql}
 *                      profile): no demo user can log in, and none is an admin, so seeded data on a reachable server
 *                      never comes with a published admin password
 * @param coversUrl     where the demo articles' covers are: the service serves twelve under {@code /covers/}, so the
 *                      demo shows pictures and loads nothing from outside; the URL clients reach the service at
 */
@Validated
@ConfigurationProperties("newsfeed.demo")
public record DemoDataProperties(
        boolean enabled,
        @Min(0) @Max(1_000_000) int articles,
        @DefaultValue("20261122") long seed,
        @DefaultValue("1000") @Min(1) @Max(10_000) int batchSize,
        String password,
        @DefaultValue("http://localhost:8080/covers/") URI coversUrl) {

    /** Whether demo users get a password (and user 1 the ADMIN role). */
    boolean accounts() {
        return password != null && !password.isBlank();
    }

    /** One user per 20 articles, at least 20 so a small demo still has several authors. */
    int users() {
        return Math.max(20, articles / 20);
    }

    int announcements() {
        return articles == 0 ? 0 : 40;
    }
}
