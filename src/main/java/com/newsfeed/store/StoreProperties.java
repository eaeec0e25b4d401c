package com.newsfeed.store;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The "store": data that lives in Redis and nowhere else as it is (counters, reading histories, rankings), unlike
 * the cache, whose every key is a copy that may be dropped at any time.
 *
 * @param keyPrefix  put before every key, so the store can share the cache's server without sharing its keys
 * @param redis      the store's server; by default the cache's
 * @param counts     how long a copy of an entity's counts is served from memory
 * @param history    reading histories
 * @param hot        hot rankings
 * @param fix        the daily job that recomputes every counter that has a database source
 */
@Validated
@ConfigurationProperties("newsfeed.store")
public record StoreProperties(@NotBlank String keyPrefix, @Valid @NotNull Redis redis, @Valid @NotNull Counts counts,
        @Valid @NotNull History history, @Valid @NotNull Hot hot,
        @Valid @NotNull Fix fix) {

    /**
     * @param host     the store's own Redis; blank: the cache's server (Spring's {@code spring.data.redis.*})
     * @param port     its port
     * @param username its ACL user, if any
     * @param password its password, if any
     * @param database its database number
     * @param timeout  how long a store command may take before it counts as failed
     * @param connectTimeout how long opening a connection to its own server may take
     */
    public record Redis(String host, @Min(1) @Max(65535) int port, String username, String password,
            @Min(0) int database, @NotNull Duration timeout, @NotNull Duration connectTimeout) {

        boolean ownServer() {
            return host != null && !host.isBlank();
        }
    }

    /**
     * @param refresh    a copy older than this is reloaded in the background while it goes on being served
     * @param expiry     a copy not read for this long is dropped
     * @param maxEntities how many entities' counts each instance keeps in memory
     */
    public record Counts(@NotNull Duration refresh, @NotNull Duration expiry, @Min(1) int maxEntities) {
    }


    /** @param size how many of the newest entries a history keeps */
    public record History(@Min(1) @Max(10_000) int size) {
    }

    /**
     * @param refresh   a ranking is read from the store at most this often per instance
     * @param maxSize   the longest ranking a request may ask for
     */
    public record Hot(@NotNull Duration refresh, @Min(1) @Max(1000) int maxSize) {
    }

    /**
     * @param cron       when the fix runs (Spring cron, six fields); "-" never
     * @param zone       the zone of {@code cron}
     * @param batchSize  ids recomputed per database query and per store round trip
     * @param lockAtMost the lock is given up after this even if its holder died mid-run
     * @param lockAtLeast the lock is held at least this long, so that an instance whose clock is behind does not run
     *                   the same scheduled fix again
     * @param onStart    run it once the service is up if the store has no record of a run (a new or emptied store,
     *                   or rows written behind its back, as the demo seeder does)
     */
    public record Fix(@NotBlank String cron, @NotNull ZoneId zone, @Min(1) @Max(100_000) int batchSize,
            @NotNull Duration lockAtMost, @NotNull Duration lockAtLeast, boolean onStart) {
    }
}
