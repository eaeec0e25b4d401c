package com.newsfeed.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

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

    /**
     * A loader from a query for one id and a query for many ({@code WHERE id IN ...}) that answers by id.
     */
    static <V> EntityLoader<V> of(LongFunction<Optional<V>> one, Function<Collection<Long>, Map<Long, V>> many) {
        return new EntityLoader<>() {
            @Override
            public Optional<V> load(long id) {
                return one.apply(id);
            }

            @Override
            public Map<Long, V> loadAll(Collection<Long> ids) {
                return many.apply(ids);
            }
        };
    }

    /**
     * A loader from a query for one id and a query for many ({@code WHERE id IN ...}); {@code idOf} tells which
     * id each value of the second belongs to.
     */
    static <V> EntityLoader<V> of(LongFunction<Optional<V>> one, Function<Collection<Long>, List<V>> many,
            ToLongFunction<V> idOf) {
        return new EntityLoader<>() {
            @Override
            public Optional<V> load(long id) {
                return one.apply(id);
            }

            @Override
            public Map<Long, V> loadAll(Collection<Long> ids) {
                Map<Long, V> found = new LinkedHashMap<>();
                many.apply(ids).forEach(value -> found.put(idOf.applyAsLong(value), value));
                return found;
            }
        };
    }
}
