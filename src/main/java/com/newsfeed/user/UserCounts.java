package com.newsfeed.user;

import java.nio.charset.StandardCharsets;

import com.newsfeed.cache.CachedValue;

/** A user's counts, as the store has them: published articles, followers, followings, likes of their articles. */
public record UserCounts(long articles, long followers, long followings, long likes) {

    static UserCounts of(long[] counts) {
        return new UserCounts(counts[0], counts[1], counts[2], counts[3]);
    }

    byte[] json() {
        return ("{\"articles\":" + articles + ",\"followers\":" + followers + ",\"followings\":" + followings
                + ",\"likes\":" + likes + "}").getBytes(StandardCharsets.US_ASCII);
    }

    String tag() {
        return CachedValue.tagOf(json());
    }
}
