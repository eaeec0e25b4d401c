package com.newsfeed.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads entities from the source of truth when neither cache level has them. */
@FunctionalInterface
public interface EntityLoader<V> {

    /** The entity with this id, or empty when it does not exist (or is not visible, e.g. deleted). */
    Optional<V> load(long id);

    /**
     * The entities that exist among {@code ids}, by id. Override with one query ({@code WHERE id IN ...}); the
     * default loads one by one.
     */
    default Map<Long, V> loadAll(Collection<Long> ids) {
        Map<Long, V> found = new LinkedHashMap<>();
        ids.forEach(id -> load(id).ifPresent(value -> found.put(id, value)));
        return found;
    }
}
