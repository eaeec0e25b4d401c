package com.newsfeed.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.function.ToLongFunction;

import org.springframework.data.redis.core.RedisTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** Builds the caches and bloom filters from {@link CacheProperties}, and registers them. */
public final class CacheFactory {

    private final CacheProperties properties;
    private final RedisTemplate<byte[], byte[]> redis;
    private final JsonMapper jsonMapper;
    private final MeterRegistry meters;
    private final Ticker ticker;
    private final CacheRegistry registry;
    private final InvalidationBus bus;
    private final RedisCircuit circuit;

    CacheFactory(CacheProperties properties, RedisTemplate<byte[], byte[]> redis, JsonMapper jsonMapper,
            MeterRegistry meters, Ticker ticker, CacheRegistry registry, InvalidationBus bus, RedisCircuit circuit) {
        this.bus = bus;
        this.circuit = circuit;
        this.properties = properties;
        this.redis = redis;
        this.jsonMapper = jsonMapper;
        this.meters = meters;
        this.ticker = ticker;
        this.registry = registry;
    }

    /** A cache of values of a plain (non-generic) type, named as in {@code newsfeed.cache.caches}. */
    public <V> Builder<V> cache(String name, Class<V> type) {
        return new Builder<>(name, jsonMapper.constructType(type));
    }

    /** A cache of values of a generic type (e.g. a list). */
    public <V> Builder<V> cache(String name, JavaType type) {
        return new Builder<>(name, type);
    }

    /** A bloom filter of existing ids, sized by {@code newsfeed.cache.bloom-filters.<name>}. */
    public RedisBloomFilter bloomFilter(String name, IdSource ids) {
        CacheProperties.Bloom settings = properties.bloomFilters().get(name);
        if (settings == null) {
            throw new IllegalStateException("no settings for bloom filter '" + name
                    + "' under newsfeed.cache.bloom-filters");
        }
        RedisBloomFilter filter = new RedisBloomFilter(name, redis, properties.keyPrefix(), ids,
                settings.expectedIds(), settings.falsePositiveRate());
        registry.register(filter);
        return filter;
    }

    public final class Builder<V> {

        private final String name;
        private final JavaType type;
        private String keyPattern;
        private EntityLoader<V> loader;
        private RedisBloomFilter bloomFilter;
        private int formatVersion = 1;
        private ToLongFunction<V> rowVersion;

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

        public Builder<V> bloomFilter(RedisBloomFilter filter) {
            this.bloomFilter = filter;
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

        public LayeredCache<V> build() {
            Objects.requireNonNull(keyPattern, () -> "cache '" + name + "' needs a key pattern");
            Objects.requireNonNull(loader, () -> "cache '" + name + "' needs a loader");
            CacheProperties.Spec spec = properties.spec(name);
            ValueCodec<V> codec = new ValueCodec<>(jsonMapper, type, formatVersion, rowVersion);
            if (spec.l2().enabled() && spec.l2().layout() == L2Layout.HASH && !codec.supportsHash()) {
                throw new IllegalStateException("cache '" + name + "' is configured as a Redis hash, which needs a"
                        + " record value; " + type + " is not one");
            }
            Cache<Long, LayeredCache.L1Entry<V>> l1 = null;
            if (spec.l1().enabled()) {
                l1 = Caffeine.newBuilder()
                        .maximumWeight(spec.l1().maxWeight().toBytes())
                        .<Long, LayeredCache.L1Entry<V>>weigher((id, entry) -> entry.weight())
                        .expireAfter(Expiry.writing((Long id, LayeredCache.L1Entry<V> entry) ->
                                Duration.ofNanos(entry.ttlNanos()).plus(properties.staleIfError())))
                        .ticker(ticker)
                        .executor(Runnable::run) // maintenance on the writing thread: cheap, and deterministic
                        .recordStats()
                        .build();
                CaffeineCacheMetrics.monitor(meters, l1, name);
            }
            RedisLevel<V> l2 = spec.l2().enabled() ? new RedisLevel<>(redis, properties.keyPrefix(), keyPattern,
                    spec.l2().layout(), codec, spec.l2().ttl(), spec.absent().l2Ttl(), properties.lease().ttl(),
                    properties.lease().guardFills())
                    : null;
            LayeredCache<V> cache = new LayeredCache<>(name, spec, codec, l1, l2, bloomFilter, loader, bus,
                    circuit, new CacheMetrics(name, meters), properties.lease(), ticker);
            registry.register(cache);
            return cache;
        }
    }
}
