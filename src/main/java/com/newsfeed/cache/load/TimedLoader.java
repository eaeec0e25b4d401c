package com.newsfeed.cache.load;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.metrics.CacheMetrics;

/** A cache's loader, timed and counted; one id goes to {@code load}, several to one {@code loadAll}. */
final class TimedLoader<V> {

    private final EntityLoader<V> loader;
    private final CacheMetrics metrics;

    TimedLoader(EntityLoader<V> loader, CacheMetrics metrics) {
        this.loader = loader;
        this.metrics = metrics;
    }

    Map<Long, V> load(Collection<Long> ids) {
        long started = System.nanoTime();
        try {
            Map<Long, V> values;
            if (ids.size() == 1) {
                long id = ids.iterator().next();
                Optional<V> value = loader.load(id);
                values = value.isPresent() ? Map.of(id, value.get()) : Map.of();
            } else {
                values = loader.loadAll(ids);
            }
            metrics.loadsFound.increment(values.size());
            metrics.loadsAbsent.increment(ids.size() - values.size());
            return values;
        } catch (RuntimeException e) {
            metrics.loadsError.increment();
            throw e;
        } finally {
            metrics.loadTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
