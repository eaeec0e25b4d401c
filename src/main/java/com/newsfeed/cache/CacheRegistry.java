package com.newsfeed.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.invalidation.CacheDirectory;
import com.newsfeed.cache.load.CacheLevels;

/** Every cache and bloom filter of the application, by name: what admin endpoints, health and invalidations use. */
public final class CacheRegistry implements CacheDirectory {

    private final Map<String, LayeredCache<?>> caches = new ConcurrentSkipListMap<>();
    private final Map<String, IdFilter> filters = new ConcurrentSkipListMap<>();

    void register(LayeredCache<?> cache) {
        if (caches.putIfAbsent(cache.name(), cache) != null) {
            throw new IllegalStateException("two caches are named '" + cache.name() + "'");
        }
    }

    void register(IdFilter filter) {
        if (filters.putIfAbsent(filter.name(), filter) != null) {
            throw new IllegalStateException("two bloom filters are named '" + filter.name() + "'");
        }
    }

    public Optional<LayeredCache<?>> cache(String name) {
        return Optional.ofNullable(caches.get(name));
    }

    public Collection<LayeredCache<?>> caches() {
        return Collections.unmodifiableCollection(caches.values());
    }

    public Collection<IdFilter> bloomFilters() {
        return Collections.unmodifiableCollection(filters.values());
    }

    @Override
    public Optional<CacheLevels<?>> levels(String cache) {
        return cache(cache).map(LayeredCache::levels);
    }

    @Override
    public Collection<CacheLevels<?>> allLevels() {
        List<CacheLevels<?>> all = caches.values().stream().<CacheLevels<?>>map(LayeredCache::levels).toList();
        return all;
    }

    @Override
    public Collection<String> names() {
        return List.copyOf(caches.keySet());
    }
}
