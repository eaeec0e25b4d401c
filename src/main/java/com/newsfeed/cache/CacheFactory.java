package com.newsfeed.cache;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.load.RacePoints;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.local.CaffeineLevel;
import com.newsfeed.cache.local.LocalLevel;
import com.newsfeed.cache.metrics.CacheMetrics;
import com.newsfeed.cache.remote.ListLevel;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisListLevel;
import com.newsfeed.cache.remote.RedisLevel;
import com.newsfeed.cache.remote.RemoteLevel;
import com.newsfeed.cache.remote.ValueCodec;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** Builds the caches and bloom filters from {@link CacheProperties}, and registers them. */
public final class CacheFactory {

    /** What every cache of one application shares. */
    record Shared(CacheProperties properties, RedisExecutor redis, ReadEngine engine, Invalidator invalidator,
            CacheRegistry registry, JsonMapper jsonMapper, MeterRegistry meters, Ticker ticker,
            Executor caffeineMaintenance, RacePoints points) {
    }

    private final Shared shared;

    CacheFactory(Shared shared) {
        this.shared = shared;
    }

    /** A cache of values of a plain (non-generic) type, named as in {@code newsfeed.cache.caches}. */
    public <V> Builder<V> cache(String name, Class<V> type) {
        return new Builder<>(name, shared.jsonMapper().constructType(type));
    }

    /** A cache of values of a generic type (e.g. a list). */
    public <V> Builder<V> cache(String name, JavaType type) {
        return new Builder<>(name, type);
    }

    /**
     * A cache of lists of ids, named as in {@code newsfeed.cache.caches} (its {@code list} settings give its cap
     * and head); {@code keyPattern} as for entities, e.g. {@code ch:{id}:art}.
     */
    public ListCache list(String name, String keyPattern, ListLoader loader) {
        CacheProperties properties = shared.properties();
        CacheProperties.Spec spec = properties.spec(name);
        CacheProperties.ListShape shape = spec.list();
        JavaType sliceType = shared.jsonMapper().constructType(ListSlice.class);
        ValueCodec<ListSlice> codec = new ValueCodec<>(shared.jsonMapper(), sliceType, 1, null);
        ListLevel remote = spec.l2().enabled()
                ? new RedisListLevel(properties.keyPrefix(), keyPattern, codec, spec.l2().ttl(), shape.head(),
                        shape.cap(), shape.updateAbove().toMillis(), properties.lease().ttl().toMillis(),
                        properties.lease().guardFills())
                : ListLevel.none();
        Invalidator invalidator = shared.invalidator();
        // The outbox's sequence is read after the list query, in the load's transaction, so every write the query saw
        // has a sequence at or below it, whatever the isolation level (H2 reads committed, MySQL one snapshot): its
        // late in-place update is refused, deleting the list, instead of being applied again over a newer state of
        // its member. A write the query missed has a later sequence (its update applies) or one at or below it
        // (taken before, committed after: refused too).
        EntityLoader<ListSlice> rebuild = listId -> {
            List<ListEntry> newest = loader.newest(listId, shape.cap() + 1);
            long seq = invalidator.lastSeq();
            boolean whole = newest.size() <= shape.cap();
            List<ListEntry> kept = whole ? newest : newest.subList(0, shape.cap());
            return Optional.of(ListSlice.of(kept, kept.size(), whole, seq));
        };
        Builder<ListSlice> heads = new Builder<ListSlice>(name, sliceType).keyPattern(keyPattern).loader(rebuild);
        heads.remote = remote;
        heads.localView = slice -> slice.head(shape.head());
        return new ListCache(heads.build(), remote, loader, invalidator, shared.redis(), shared.meters());
    }

    /** A bloom filter of existing ids, sized by {@code newsfeed.cache.bloom-filters.<name>}. */
    public RedisBloomFilter bloomFilter(String name, IdSource ids) {
        CacheProperties.Bloom settings = shared.properties().bloomFilters().get(name);
        if (settings == null) {
            throw new IllegalStateException("no settings for bloom filter '" + name
                    + "' under newsfeed.cache.bloom-filters");
        }
        RedisBloomFilter filter = new RedisBloomFilter(name, shared.redis(), shared.properties().keyPrefix(), ids,
                settings.expectedIds(), settings.falsePositiveRate());
        shared.registry().register(filter);
        return filter;
    }

    public final class Builder<V> {

        private final String name;
        private final JavaType type;
        private String keyPattern;
        private EntityLoader<V> loader;
        private IdFilter filter = IdFilter.none();
        private int formatVersion = 1;
        private ToLongFunction<V> rowVersion;
        private NewestIds newest;
        /** A list cache's own Redis level (a sorted set); entity caches get theirs from their settings. */
        private RemoteLevel<V> remote;
        private UnaryOperator<V> localView = UnaryOperator.identity();

        private Builder(String name, JavaType type) {
            this.name = name;
            this.type = type;
        }

        /** The Redis key after the prefix, with {@code {id}} for the id (e.g. {@code art:{id}:info}). */
        public Builder<V> keyPattern(String pattern) {
            this.keyPattern = pattern;
            return this;
        }

        public Builder<V> loader(EntityLoader<V> loader) {
            this.loader = loader;
            return this;
        }

        public Builder<V> bloomFilter(IdFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Bump when the value's JSON changes incompatibly: entries of the old format then count as misses. */
        public Builder<V> formatVersion(int version) {
            this.formatVersion = version;
            return this;
        }

        /**
         * How to read a value's row version (the entity's {@code @Version}); with it, a hash-layout cache can apply
         * a write's changed fields in place ({@link LayeredCache#updateAfterCommit}) instead of deleting the entry.
         */
        public Builder<V> rowVersion(ToLongFunction<V> version) {
            this.rowVersion = version;
            return this;
        }

        /** The newest ids, newest first: lets the cache be warmed up (at start, or by an operator). */
        public Builder<V> newestIds(NewestIds ids) {
            this.newest = ids;
            return this;
        }

        public LayeredCache<V> build() {
            Objects.requireNonNull(keyPattern, () -> "cache '" + name + "' needs a key pattern");
            Objects.requireNonNull(loader, () -> "cache '" + name + "' needs a loader");
            CacheProperties properties = shared.properties();
            CacheProperties.Spec spec = properties.spec(name);
            ValueCodec<V> codec = new ValueCodec<>(shared.jsonMapper(), type, formatVersion, rowVersion);
            if (remote == null && spec.l2().enabled() && spec.l2().layout() == L2Layout.ZSET) {
                throw new IllegalStateException("cache '" + name + "' is configured as a sorted set, the layout of"
                        + " list caches only");
            }
            if (spec.l2().enabled() && spec.l2().layout() == L2Layout.HASH && !codec.supportsHash()) {
                throw new IllegalStateException("cache '" + name + "' is configured as a Redis hash, which needs a"
                        + " record value; " + type + " is not one");
            }
            RacePoints points = shared.points();
            LocalLevel<V> local = spec.l1().enabled()
                    ? new CaffeineLevel<>(spec.l1().maxWeight().toBytes(), properties.staleIfError(), shared.ticker(),
                            shared.caffeineMaintenance(),
                            id -> points.reached(RacePoints.Point.L1_STAMP_CHECKED, name, id))
                    : LocalLevel.none();
            RemoteLevel<V> remote = this.remote != null ? this.remote : spec.l2().enabled()
                    ? new RedisLevel<>(properties.keyPrefix(), keyPattern, spec.l2().layout(), codec, spec.l2().ttl(),
                            spec.absent().l2Ttl(), properties.lease().ttl().toMillis(), properties.lease().guardFills())
                    : RemoteLevel.none();
            CacheMetrics metrics = new CacheMetrics(name, shared.meters());
            CacheLevels<V> levels = new CacheLevels<>(name, local, remote, filter, loader, codec, metrics,
                    shared.ticker(), new CacheLevels.LocalTimes(spec.l1().ttl(), spec.absent().l1Ttl(),
                            spec.absent().enabled(), properties.refresh().ahead(),
                            properties.refresh().renewL2Below().toMillis()), points, localView);
            registerGauges(levels);
            LayeredCache<V> cache = new LayeredCache<>(levels, shared.engine(), shared.invalidator(),
                    shared.redis(), spec, newest);
            shared.registry().register(cache);
            return cache;
        }

        private void registerGauges(CacheLevels<V> levels) {
            if (levels.local.enabled()) {
                Gauge.builder("newsfeed.cache.l1.size", levels.local, LocalLevel::size).tag("cache", name)
                        .description("Entries in L1").register(shared.meters());
                Gauge.builder("newsfeed.cache.l1.weight", levels.local, LocalLevel::weightBytes).tag("cache", name)
                        .baseUnit("bytes").description("Estimated bytes held in L1").register(shared.meters());
                Gauge.builder("newsfeed.cache.l1.capacity", levels.local, LocalLevel::capacityBytes)
                        .tag("cache", name).baseUnit("bytes").description("The most bytes L1 may hold")
                        .register(shared.meters());
                Gauge.builder("newsfeed.cache.l1.evictions", levels.local, LocalLevel::evictions).tag("cache", name)
                        .description("Entries evicted from L1 to stay within its capacity").register(shared.meters());
            }
            Gauge.builder("newsfeed.cache.undelivered", levels, CacheLevels::undelivered).tag("cache", name)
                    .description("Changes this instance could not deliver to Redis yet").register(shared.meters());
        }
    }
}
