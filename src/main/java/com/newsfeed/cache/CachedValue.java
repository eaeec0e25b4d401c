package com.newsfeed.cache;

import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

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

    /**
     * 64 bits that change whenever the bytes do (CRC-32C and CRC-32, both done by the CPU's own instructions),
     * URL-safe: an ETag's validator, not a security hash (nothing is authenticated by it), so it need not cost a
     * SHA-256, which an L2 hit without L1 would pay on every read.
     */
    public static String tagOf(byte[] json) {
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(json);
        CRC32 ieee = new CRC32();
        ieee.update(json);
        long bits = castagnoli.getValue() << 32 | ieee.getValue();
        byte[] eight = new byte[8];
        for (int i = 7; i >= 0; i--) {
            eight[i] = (byte) bits;
            bits >>>= 8;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(eight);
    }
}
