package com.newsfeed.article;

import java.nio.charset.StandardCharsets;

import com.newsfeed.cache.CachedValue;

/** An article's counts, as the store has them (reads within the last flush interval may not be in yet). */
public record ArticleCounts(long reads, long likes, long collections) {

    static ArticleCounts of(long[] counts) {
        return new ArticleCounts(counts[0], counts[1], counts[2]);
    }

    /** The JSON of this record, written without a serialiser: it is spliced into every detail response. */
    byte[] json() {
        return ("{\"reads\":" + reads + ",\"likes\":" + likes + ",\"collections\":" + collections + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Part of the detail's ETag: changes whenever a count does. */
    String tag() {
        return CachedValue.tagOf(json());
    }
}
