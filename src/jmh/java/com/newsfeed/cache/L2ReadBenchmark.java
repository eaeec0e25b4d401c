package com.newsfeed.cache;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.newsfeed.article.ArticleInfo;
import com.newsfeed.user.UserProfile;

/**
 * An L2 read (L1 off): one Redis round trip for the value and its remaining TTL, then decoding, with the value
 * stored as a JSON string against as a hash, for the two entities that could be either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class L2ReadBenchmark {

    @Param({"STRING", "HASH"})
    public L2Layout layout;

    @Param({"article-info", "user-profile"})
    public String entity;

    private BenchCaches caches;
    private LayeredCache<?> cache;

    @Setup
    public void setUp() {
        caches = new BenchCaches("bench:jmh:l2:" + layout + ":", Map.of(entity,
                BenchCaches.spec(null, layout, BenchCaches.L2_TTL)));
        cache = "article-info".equals(entity)
                ? caches.cache(entity, ArticleInfo.class, "art:{id}:info", id -> Optional.of(Samples.articleInfo(id)))
                : caches.cache(entity, UserProfile.class, "user:{id}:profile",
                        id -> Optional.of(Samples.userProfile(id)));
        for (long id = 1; id <= KeyCursor.KEYS; id++) {
            cache.get(id);
        }
    }

    @TearDown
    public void tearDown() {
        caches.deleteAll();
        caches.close();
    }

    @Benchmark
    public Object read(KeyCursor cursor) {
        return cache.get(cursor.id());
    }
}
