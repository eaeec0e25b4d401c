package com.newsfeed.cache.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The Micrometer meters of one cache, created once so the read path only increments. Names:
 * {@code newsfeed.cache.gets} (tags level l1|l2, result hit|miss|absent), {@code newsfeed.cache.loads} (result
 * found|absent|error), the {@code newsfeed.cache.load} timer, {@code newsfeed.cache.bloom.rejections},
 * {@code newsfeed.cache.lease.waits}, {@code newsfeed.cache.lease.timeouts}, {@code newsfeed.cache.l2.errors},
 * {@code newsfeed.cache.stale.served}, {@code newsfeed.cache.refreshes} (result done|failed|dropped) and
 * {@code newsfeed.cache.coalesced.retries}; all tagged with the cache name.
 */
public final class CacheMetrics {

    public final Counter l1Hit;
    public final Counter l1Miss;
    public final Counter l1Absent;
    public final Counter l2Hit;
    public final Counter l2Miss;
    public final Counter l2Absent;
    public final Counter l2Errors;
    public final Counter loadsFound;
    public final Counter loadsAbsent;
    public final Counter loadsError;
    public final Timer loadTimer;
    public final Counter bloomRejections;
    public final Counter leaseWaits;
    public final Counter leaseTimeouts;
    public final Counter staleServed;
    public final Counter refreshesDone;
    public final Counter refreshesFailed;
    public final Counter refreshesDropped;
    public final Counter poisonedFlights;

    public CacheMetrics(String cache, MeterRegistry registry) {
        l1Hit = get(registry, cache, "l1", "hit");
        l1Miss = get(registry, cache, "l1", "miss");
        l1Absent = get(registry, cache, "l1", "absent");
        l2Hit = get(registry, cache, "l2", "hit");
        l2Miss = get(registry, cache, "l2", "miss");
        l2Absent = get(registry, cache, "l2", "absent");
        l2Errors = counter(registry, "newsfeed.cache.l2.errors", cache, "Redis calls of a read that failed");
        loadsFound = load(registry, cache, "found");
        loadsAbsent = load(registry, cache, "absent");
        loadsError = load(registry, cache, "error");
        loadTimer = Timer.builder("newsfeed.cache.load").description("Time spent in the loader (the database)")
                .tag("cache", cache).publishPercentileHistogram().register(registry);
        bloomRejections = counter(registry, "newsfeed.cache.bloom.rejections", cache,
                "Reads of ids the bloom filter proved missing, kept from the database");
        staleServed = counter(registry, "newsfeed.cache.stale.served", cache,
                "Entries served past their TTL because the loader (the database) failed");
        leaseWaits = counter(registry, "newsfeed.cache.lease.waits", cache,
                "Reads that waited for another instance's load of the same key");
        leaseTimeouts = counter(registry, "newsfeed.cache.lease.timeouts", cache,
                "Reads that waited the longest lease wait and then loaded themselves");
        refreshesDone = refresh(registry, cache, "done");
        refreshesFailed = refresh(registry, cache, "failed");
        refreshesDropped = refresh(registry, cache, "dropped");
        poisonedFlights = counter(registry, "newsfeed.cache.coalesced.retries", cache,
                "Readers that joined a load an eviction then cancelled, and read again");
    }

    public long loads() {
        return (long) (loadsFound.count() + loadsAbsent.count() + loadsError.count());
    }

    private static Counter get(MeterRegistry registry, String cache, String level, String result) {
        return Counter.builder("newsfeed.cache.gets").description("Cache lookups by level and result")
                .tag("cache", cache).tag("level", level).tag("result", result).register(registry);
    }

    private static Counter load(MeterRegistry registry, String cache, String result) {
        return Counter.builder("newsfeed.cache.loads").description("Loader (database) calls by result")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    private static Counter refresh(MeterRegistry registry, String cache, String result) {
        return Counter.builder("newsfeed.cache.refreshes")
                .description("Background refreshes of entries read near the end of their L1 TTL")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String cache, String description) {
        return Counter.builder(name).description(description).tag("cache", cache).register(registry);
    }
}
