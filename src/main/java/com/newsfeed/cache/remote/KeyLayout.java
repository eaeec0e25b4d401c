package com.newsfeed.cache.remote;

/**
 * How the cache names its Redis keys, version 2: every key of an id carries the hash tag of the id's shard,
 * {@code {id mod 1024}}, so the keys one script or batch of an id touches together (its values in every cache,
 * their leases and "does not exist" markers, and its shard of each bloom filter) fall in one cluster slot, while
 * the 1024 shards spread a cache's keys over every master. On one server the tags cost nothing. The version is in
 * every key, after the configured prefix: a release with another layout never reads these keys, nor they its;
 * old keys expire with their TTLs.
 */
public final class KeyLayout {

    /** After the prefix, before every key of the cache. */
    public static final String VERSION = "v2:";
    /** Shards (hash tags) per cache: 1024 spread over 16384 slots reach every master of any sensible cluster. */
    public static final int SHARDS = 1024;

    private KeyLayout() {
    }

    public static int shard(long id) {
        return (int) Math.floorMod(id, (long) SHARDS);
    }

    /** An id's value key under a pattern such as {@code art:{id}:info}: {@code <prefix>v2:art:{187}:1211:info}. */
    public static String key(String prefix, String pattern, long id) {
        return prefix + VERSION + pattern.replace("{id}", tag(id) + ":" + id);
    }

    /** The one key of a pattern without {@code {id}}, its own tag: {@code <prefix>v2:{announce}}. */
    public static String key(String prefix, String pattern) {
        return prefix + VERSION + "{" + pattern + "}";
    }

    /** The hash tag of an id's shard, e.g. {@code {187}} for id 1211. */
    public static String tag(long id) {
        return "{" + shard(id) + "}";
    }
}
