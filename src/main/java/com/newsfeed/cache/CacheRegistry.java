package com.newsfeed.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every cache and bloom filter of the application, by name: what admin endpoints and health look at. */
public final class CacheRegistry {

    private final Map<String, LayeredCache<?>> caches = new ConcurrentSkipListMap<>();
    private final Map<String, RedisBloomFilter> bloomFilters = new ConcurrentSkipListMap<>();

    void register(LayeredCache<?> cache) {
        if (caches.putIfAbsent(cache.name(), cache) != null) {
            throw new IllegalStateException("two caches are named '" + cache.name() + "'");
        }
    }

    void register(RedisBloomFilter filter) {
        if (bloomFilters.putIfAbsent(filter.name(), filter) != null) {
            throw new IllegalStateException("two bloom filters are named '" + filter.name() + "'");
        }
    }

    public Optional<LayeredCache<?>> cache(String name) {
        return Optional.ofNullable(caches.get(name));
    }

    public Collection<LayeredCache<?>> caches() {
        return Collections.unmodifiableCollection(caches.values());
    }

    public Collection<RedisBloomFilter> bloomFilters() {
        return Collections.unmodifiableCollection(bloomFilters.values());
    }
}
