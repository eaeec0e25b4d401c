package com.newsfeed.cache;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The multi-level cache: Caffeine (L1), Redis (L2), then the database.
 *
 * @param keyPrefix    prepended to every Redis key this service writes, so several services can share a Redis
 * @param httpMaxAge   {@code Cache-Control: max-age} on cacheable GET responses
 * @param staleIfError how long past its L1 TTL an entry is kept, to be served (marked stale) when the database
 *                     fails; zero turns it off
 * @param lease        the cross-instance loading lease
 * @param redisCircuit the circuit breaker in front of Redis
 * @param caches       per cache, by name (user-profile, article-info, article-body, announcement, channels)
 * @param bloomFilters per bloom filter of existing ids, by name (users, articles, announcements)
 */
@Validated
@ConfigurationProperties("newsfeed.cache")
public record CacheProperties(
        @NotBlank @DefaultValue("nf:") String keyPrefix,
        @NotNull @DefaultValue("10s") Duration httpMaxAge,
        @NotNull @DefaultValue("5m") Duration staleIfError,
        @Valid @NotNull @DefaultValue Lease lease,
        @Valid @NotNull @DefaultValue RedisCircuitSettings redisCircuit,
        @Valid @NotNull Map<String, Spec> caches,
        @Valid @NotNull Map<String, Bloom> bloomFilters) {

    /** The settings of the cache called {@code name}; fails fast when the configuration lacks it. */
    public Spec spec(String name) {
        Spec spec = caches.get(name);
        if (spec == null) {
            throw new IllegalStateException("no settings for cache '" + name + "' under newsfeed.cache.caches");
        }
        return spec;
    }

    /**
     * @param ttl        how long one instance holds the right to load a cold key; must exceed a database load
     * @param maxWait    how long the other instances wait for that load to reach Redis before loading themselves
     * @param guardFills whether a fill checks that its lease still stands; turn off only to reproduce the
     *                   stale-set race (in tests and benchmarks): an eviction then no longer stops an older row
     *                   from being written back
     */
    public record Lease(@NotNull @DefaultValue("2s") Duration ttl, @NotNull @DefaultValue("300ms") Duration maxWait,
            @DefaultValue("true") boolean guardFills) {
    }

    /**
     * @param failureRateThreshold percent of failed Redis calls (over the last 5 s, at least 5 calls) that opens it
     * @param waitInOpen           how long it stays open before probing Redis again
     * @param recoveryGrace        after it closes, how long L2 is not read while instances deliver the
     *                             invalidations they could not send during the outage; keep it above waitInOpen
     */
    public record RedisCircuitSettings(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @NotNull @DefaultValue("2s") Duration waitInOpen,
            @NotNull @DefaultValue("5s") Duration recoveryGrace) {
    }

    /**
     * @param l1     the local Caffeine level
     * @param l2     the Redis level
     * @param absent the cached "does not exist" markers
     */
    public record Spec(@Valid @NotNull L1 l1, @Valid @NotNull L2 l2, @Valid @NotNull Absent absent) {
    }

    /**
     * @param enabled   whether this level is used
     * @param maxWeight the most memory the level's entries may take (estimated from their encoded size)
     * @param ttl       time to live of an entry; an entry refilled from L2 lives at most as long as L2 has left
     */
    public record L1(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("16MB") DataSize maxWeight,
            @Valid @NotNull Ttl ttl) {
    }

    /**
     * @param enabled whether this level is used
     * @param layout  a JSON string, or a hash with a field per attribute
     * @param ttl     time to live in Redis
     */
    public record L2(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("STRING") L2Layout layout,
            @Valid @NotNull Ttl ttl) {
    }

    /**
     * @param enabled whether a miss in the database is remembered at all
     * @param l1Ttl   how long L1 remembers it
     * @param l2Ttl   how long Redis remembers it (Toutiao: 5 min + [0, 60 s))
     */
    public record Absent(@DefaultValue("true") boolean enabled, @Valid @NotNull Ttl l1Ttl,
            @Valid @NotNull Ttl l2Ttl) {
    }

    /**
     * @param expectedIds        how many ids the filter is sized for; past that its false-positive rate grows
     * @param falsePositiveRate  the share of missing ids it lets through when holding {@code expectedIds}
     */
    public record Bloom(@Min(1) long expectedIds,
            @DecimalMin("0.0001") @DecimalMax("0.5") @DefaultValue("0.01") double falsePositiveRate) {
    }
}
