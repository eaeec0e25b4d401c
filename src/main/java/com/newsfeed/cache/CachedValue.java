package com.newsfeed.cache;

/**
 * A value served by a cache, with its JSON encoding and a tag of that encoding. The bytes are exactly what Spring
 * MVC would write for {@code value}, so an HTTP response can send them as they are, without serialising again;
 * the tag changes whenever the bytes do, so it serves as (part of) a strong ETag.
 *
 * @param value the cached value
 * @param json  its JSON encoding; callers must not modify the array
 * @param tag   11 URL-safe characters derived from {@code json}
 * @param stale whether it is served past its TTL because the database failed (stale-if-error)
 */
public record CachedValue<V>(V value, byte[] json, String tag, boolean stale) {

    /** The same value, marked as served past its TTL. */
    public CachedValue<V> asStale() {
        return new CachedValue<>(value, json, tag, true);
    }
}
