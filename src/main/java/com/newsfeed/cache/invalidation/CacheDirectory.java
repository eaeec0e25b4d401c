package com.newsfeed.cache.invalidation;

import java.util.Collection;
import java.util.Optional;

import com.newsfeed.cache.load.CacheLevels;

/** The caches of this instance by name, as invalidations find them (a message or a row names its cache). */
public interface CacheDirectory {

    Optional<CacheLevels<?>> levels(String cache);

    Collection<CacheLevels<?>> allLevels();

    /** The names of this instance's caches: the outbox rows it delivers. */
    Collection<String> names();
}
