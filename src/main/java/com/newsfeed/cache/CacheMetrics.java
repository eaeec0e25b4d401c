package com.newsfeed.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The Micrometer meters of one cache, created once so the read path only increments. Names:
 * {@code newsfeed.cache.gets} (tags level l1|l2, result hit|miss|absent), {@code newsfeed.cache.loads} (result
 * found|absent|error), the {@code newsfeed.cache.load} timer, {@code newsfeed.cache.bloom.rejections},
 * {@code newsfeed.cache.lease.waits} and {@code newsfeed.cache.l2.errors}; all tagged with the cache name.
 */
final class CacheMetrics {

    final Counter l1Hit;
    final Counter l1Miss;
    final Counter l1Absent;
    final Counter l2Hit;
    final Counter l2Miss;
    final Counter l2Absent;
    final Counter l2Errors;
    final Counter loadsFound;
    final Counter loadsAbsent;
    final Counter loadsError;
    final Timer loadTimer;
    final Counter bloomRejections;
    final Counter leaseWaits;
    final Counter staleServed;

    CacheMetrics(String cache, MeterRegistry registry) {
        l1Hit = get(registry, cache, "l1", "hit");
        l1Miss = get(registry, cache, "l1", "miss");
        l1Absent = get(registry, cache, "l1", "absent");
        l2Hit = get(registry, cache, "l2", "hit");
        l2Miss = get(registry, cache, "l2", "miss");
        l2Absent = get(registry, cache, "l2", "absent");
        l2Errors = Counter.builder("newsfeed.cache.l2.errors").description("Redis calls that failed or timed out")
                .tag("cache", cache).register(registry);
        loadsFound = load(registry, cache, "found");
        loadsAbsent = load(registry, cache, "absent");
        loadsError = load(registry, cache, "error");
        loadTimer = Timer.builder("newsfeed.cache.load").description("Time spent in the loader (the database)")
                .tag("cache", cache).publishPercentileHistogram().register(registry);
        bloomRejections = Counter.builder("newsfeed.cache.bloom.rejections")
                .description("Reads of ids the bloom filter proved missing, kept from the database")
                .tag("cache", cache).register(registry);
        staleServed = Counter.builder("newsfeed.cache.stale.served")
                .description("Entries served past their TTL because the loader (the database) failed")
                .tag("cache", cache).register(registry);
        leaseWaits = Counter.builder("newsfeed.cache.lease.waits")
                .description("Reads that waited for another instance's load of the same key")
                .tag("cache", cache).register(registry);
    }

    private static Counter get(MeterRegistry registry, String cache, String level, String result) {
        return Counter.builder("newsfeed.cache.gets").description("Cache lookups by level and result")
                .tag("cache", cache).tag("level", level).tag("result", result).register(registry);
    }

    private static Counter load(MeterRegistry registry, String cache, String result) {
        return Counter.builder("newsfeed.cache.loads").description("Loader (database) calls by result")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    long loads() {
        return (long) (loadsFound.count() + loadsAbsent.count() + loadsError.count());
    }
}
