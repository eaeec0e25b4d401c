package com.newsfeed.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * An L1 hit through {@link LayeredCache#get} against a bare Caffeine {@code getIfPresent}, and against a Caffeine
 * configured as our L1 is (weigher, per-entry expiry, its default executor), so the report can tell what
 * Caffeine's own features cost from what our read path adds (the freshness and epoch checks, the hit counter).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L1HitBenchmark {

    private BenchCaches caches;
    private LayeredCache<String> layered;
    private Cache<Long, String> bare;
    private Cache<Long, String> configuredLikeL1;

    @Setup
    public void setUp() {
        caches = new BenchCaches("bench:jmh:l1:", Map.of("article-body",
                BenchCaches.spec(DataSize.ofMegabytes(64), null, BenchCaches.L2_TTL)));
        layered = caches.cache("article-body", String.class, "art:{id}:detail", id -> Optional.of(Samples.body(id)));
        bare = Caffeine.newBuilder().maximumSize(10_000).build();
        configuredLikeL1 = Caffeine.newBuilder()
                .maximumWeight(DataSize.ofMegabytes(64).toBytes())
                .<Long, String>weigher((id, value) -> 2 * value.length() + 128)
                .expireAfter(Expiry.<Long, String>writing((id, value) -> Duration.ofMinutes(6)))
                .build();
        for (long id = 1; id <= KeyCursor.KEYS; id++) {
            layered.get(id);
            bare.put(id, Samples.body(id));
            configuredLikeL1.put(id, Samples.body(id));
        }
    }

    @TearDown
    public void tearDown() {
        caches.close();
    }

    @Benchmark
    public Optional<CachedValue<String>> layeredCacheL1Hit(KeyCursor cursor) {
        return layered.get(cursor.id());
    }

    @Benchmark
    public String bareCaffeineGetIfPresent(KeyCursor cursor) {
        return bare.getIfPresent(cursor.id());
    }

    @Benchmark
    public String caffeineConfiguredLikeL1(KeyCursor cursor) {
        return configuredLikeL1.getIfPresent(cursor.id());
    }
}
