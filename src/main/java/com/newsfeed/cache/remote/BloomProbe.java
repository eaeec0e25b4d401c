package com.newsfeed.cache.remote;

/**
 * The bits of a bloom filter that one id maps to, and the filter's keys: the bitmap, and the key whose presence
 * says the bitmap was built (without it the filter lets everything through).
 */
public record BloomProbe(byte[] bitmapKey, byte[] readyKey, long[] offsets) {
}
