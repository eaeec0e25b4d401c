package com.newsfeed.cache;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The multi-level cache: Caffeine (L1), Redis (L2), then the database.
 *
 * @param keyPrefix      prepended to every Redis key (and the invalidation channel) this service writes, so
 *                       several services, or several benchmark modes, can share a Redis (no braces: keys carry
 *                       their hash tags after it)
 * @param httpMaxAge     {@code Cache-Control: max-age} on cacheable GET responses
 * @param staleIfError   how long past its L1 TTL an entry is kept, to be served (marked stale) when the database
 *                       fails; zero turns it off
 * @param reconnectPause while Redis could not be reached at all yet (down at start), how long calls fail fast
 *                       before the next connection attempt
 * @param lease          the cross-instance loading lease
 * @param redisCircuit   the circuit breaker in front of Redis
 * @param refresh        refresh-ahead of hot entries
 * @param outbox         the invalidation outbox and its tail
 * @param invalidation   the pub/sub invalidation messages
 * @param bloom          when bloom filters are checked and rebuilt
 * @param caches         per cache, by name (user-profile, article-info, article-body, announcement, channels)
 * @param bloomFilters   per bloom filter of existing ids, by name (users, articles, announcements)
 */
@Validated
@ConfigurationProperties("newsfeed.cache")
public record CacheProperties(
        @NotBlank @Pattern(regexp = "[^{}]*", message = "must not hold { or }: a hash tag in the prefix would put"
                + " every key in one cluster slot") @DefaultValue("nf:") String keyPrefix,
        @NotNull @DefaultValue("10s") Duration httpMaxAge,
        @NotNull @DefaultValue("5m") Duration staleIfError,
        @NotNull @DefaultValue("1s") Duration reconnectPause,
        @Valid @NotNull @DefaultValue Lease lease,
        @Valid @NotNull @DefaultValue RedisCircuitSettings redisCircuit,
        @Valid @NotNull @DefaultValue Refresh refresh,
        @Valid @NotNull @DefaultValue Outbox outbox,
        @Valid @NotNull @DefaultValue Invalidation invalidation,
        @Valid @NotNull @DefaultValue BloomSchedule bloom,
        @NotNull Map<String, @Valid Spec> caches,
        @NotNull Map<String, @Valid Bloom> bloomFilters) {

    /** The settings of the cache called {@code name}; fails fast when the configuration lacks it. */
    public Spec spec(String name) {
        Spec spec = caches.get(name);
        if (spec == null) {
            throw new IllegalStateException("no settings for cache '" + name + "' under newsfeed.cache.caches");
        }
        return spec;
    }

    /**
     * @param ttl          how long one instance holds the right to load a cold key; the holder extends it while its
     *                     load runs, so it only runs out when the holder dies
     * @param maxWait      how long other instances wait at most for that load to reach Redis while its lease
     *                     stands (a lease that lapses, its holder dead, is taken over at once); past it they load
     *                     themselves (kept in their L1 only). Long, so that a slow database is not hit by every
     *                     waiter exactly when it is slow
     * @param firstPause   the first pause between re-reads of L2 while waiting; it doubles up to longestPause
     * @param longestPause the longest pause between re-reads
     * @param guardFills   whether a fill checks that its lease still stands; turn off only to reproduce the
     *                     stale-set race (in tests and benchmarks): an eviction then no longer stops an older row
     *                     from being written back
     */
    public record Lease(@NotNull @DefaultValue("2s") Duration ttl, @NotNull @DefaultValue("10s") Duration maxWait,
            @NotNull @DefaultValue("2ms") Duration firstPause, @NotNull @DefaultValue("25ms") Duration longestPause,
            @DefaultValue("true") boolean guardFills) {
    }

    /**
     * @param failureRateThreshold percent of failed Redis calls within the window that opens it
     * @param window               the sliding window the failure rate is taken over
     * @param minimumCalls         calls the window must hold before the rate counts
     * @param waitInOpen           how long it stays open before letting probes through
     * @param probesInHalfOpen     successful probes that close it again
     */
    public record RedisCircuitSettings(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @NotNull @DefaultValue("5s") Duration window,
            @Min(1) @DefaultValue("5") int minimumCalls,
            @NotNull @DefaultValue("2s") Duration waitInOpen,
            @Min(1) @DefaultValue("3") int probesInHalfOpen) {
    }

    /**
     * @param ahead        the last share of an L1 entry's TTL in which a read refreshes it in the background (0:
     *                     never)
     * @param renewL2Below a refresh that finds less than this left of the L2 entry reloads it from the database
     *                     (under the lease) instead of taking it, so a hot key's L2 entry never expires
     * @param threads      threads that run refreshes
     * @param queue        refreshes waiting for a thread; past that, a refresh is dropped (the entry expires)
     */
    public record Refresh(@DecimalMin("0") @DecimalMax("0.9") @DefaultValue("0.2") double ahead,
            @NotNull @DefaultValue("60s") Duration renewL2Below,
            @Min(1) @Max(64) @DefaultValue("2") int threads,
            @Min(1) @DefaultValue("1000") int queue) {
    }

    /**
     * @param pollInterval   how often every instance reads new outbox rows: the staleness bound while a writer
     *                       cannot reach Redis or a message is lost
     * @param batchSize      rows read per poll, at most
     * @param gapTimeout     how long a skipped sequence number is asked for again (a transaction that commits later
     *                       than this after its insert is only delivered by its writer and its message)
     * @param maxGaps        skipped sequence numbers remembered at most
     * @param confirmedFor   how long a change its writer confirmed (by message) is trusted as delivered
     * @param retention      how long delivered rows are kept (undelivered ones twice as long): longer than the
     *                     longest L2 TTL (channels: 24 h), so none is gone while the entry it evicts may live
     * @param purgeInterval  how often old rows are deleted
     * @param failoverReplay after a Redis failover (a master restarted or was replaced), changes created or
     *                       delivered this recently are delivered again, since the new master may have lost them:
     *                       longer than a replica may lag and still be promoted (on a cluster,
     *                       {@code cluster-node-timeout x cluster-replica-validity-factor} plus the replicas' ping
     *                       period: 160 s with Redis's defaults)
     * @param failoverCheckInterval how often the servers holding the cache are asked who they are (one INFO per
     *                       master): how long after a failover the replay comes, at most
     */
    public record Outbox(@NotNull @DefaultValue("250ms") Duration pollInterval,
            @Min(1) @DefaultValue("1000") int batchSize,
            @NotNull @DefaultValue("60s") Duration gapTimeout,
            @Min(1) @DefaultValue("10000") int maxGaps,
            @NotNull @DefaultValue("60s") Duration confirmedFor,
            @NotNull @DefaultValue("25h") Duration retention,
            @NotNull @DefaultValue("10m") Duration purgeInterval,
            @NotNull @DefaultValue("3m") Duration failoverReplay,
            @NotNull @DefaultValue("1s") Duration failoverCheckInterval) {
    }

    /**
     * @param checkInterval how often the bus pings itself to prove its subscription alive
     * @param checkTimeout  how long a ping may take to come back before the subscription is renewed
     */
    public record Invalidation(@NotNull @DefaultValue("5s") Duration checkInterval,
            @NotNull @DefaultValue("3s") Duration checkTimeout) {
    }

    /**
     * @param checkInterval   how often lost filters (a shard without its ready key) are rebuilt
     * @param rebuildInterval how often every filter is rebuilt from the database regardless
     */
    public record BloomSchedule(@NotNull @DefaultValue("30s") Duration checkInterval,
            @NotNull @DefaultValue("6h") Duration rebuildInterval) {
    }

    /**
     * @param l1       the local Caffeine level
     * @param l2       the Redis level
     * @param absent   the cached "does not exist" markers
     * @param warmUp   at start, fill both levels with this many of the newest entities (0: none)
     * @param list     for a list cache: how much of each list it keeps
     */
    public record Spec(@Valid @NotNull L1 l1, @Valid @NotNull L2 l2, @Valid @NotNull Absent absent,
            @Min(0) @DefaultValue("0") int warmUp, @Valid @NotNull @DefaultValue ListShape list) {
    }

    /**
     * @param cap          the most members a list keeps in Redis, the newest (Mastodon keeps 400 timeline entries,
     *                     Twitter 800); pages past them are answered from the database
     * @param head         how many of the newest members L1 keeps (the first pages)
     * @param updateAbove  a write updates a cached list in place only while it has more than this left to live;
     *                     a list closer to its expiry is deleted instead (Toutiao's 5 s rule)
     */
    public record ListShape(@Min(1) @Max(100_000) @DefaultValue("1000") int cap,
            @Min(1) @Max(10_000) @DefaultValue("200") int head,
            @NotNull @DefaultValue("5s") Duration updateAbove) {

        public static final ListShape DEFAULT = new ListShape(1000, 200, Duration.ofSeconds(5));
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
     * @param expectedIds       how many ids the filter is sized for; past that its false-positive rate grows
     * @param falsePositiveRate the share of missing ids it lets through when holding {@code expectedIds}
     */
    public record Bloom(@Min(1) long expectedIds,
            @DecimalMin("0.0001") @DecimalMax("0.5") @DefaultValue("0.01") double falsePositiveRate) {
    }
}
