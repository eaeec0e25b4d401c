package com.newsfeed.cache.remote;

/**
 * How the cache names its Redis keys, version 2: every key of an id carries the hash tag of the id's shard (one of
 * 1024, by a mix of the id: see {@link #shard}), so the keys one script or batch of an id touches together (its
 * values in every cache, their leases and "does not exist" markers, and its shard of each bloom filter) fall in one
 * cluster slot, while the 1024 shards spread a cache's keys over every master. On one server the tags cost nothing.
 * The version is in every key, after the configured prefix: a release with another layout never reads these keys,
 * nor they its; old keys expire with their TTLs.
 */
public final class KeyLayout {

    /** After the prefix, before every key of the cache. */
    public static final String VERSION = "v2:";
    /** Shards (hash tags) per cache: 1024 (2^10) over 16384 slots reach every master of any sensible cluster. */
    public static final int SHARDS = 1024;

    private KeyLayout() {
    }

    /**
     * The id's shard: of its SplitMix64 mix, not of the id itself, so ids that share a stride (auto-increment steps
     * of 2 or 4 on a multi-master database, time-ordered ids) still fill every shard and every node evenly.
     */
    public static int shard(long id) {
        // The top 10 bits of a mix salted apart from the bloom filter's hashes, which use the plain mix: an id's
        // positions within its shard must not depend on which shard it is in.
        return (int) (mix(id ^ 0xD6E8FEB86659FD93L) >>> (Long.SIZE - 10));
    }

    /** The SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An id's value key under a pattern such as {@code art:{id}:info}: {@code <prefix>v2:art:{<shard>}:1211:info}. */
    public static String key(String prefix, String pattern, long id) {
        return prefix + VERSION + pattern.replace("{id}", tag(id) + ":" + id);
    }

    /** The one key of a pattern without {@code {id}}, its own tag: {@code <prefix>v2:{announce}}. */
    public static String key(String prefix, String pattern) {
        return prefix + VERSION + "{" + pattern + "}";
    }

    /** The hash tag of an id's shard, e.g. {@code {852}} for id 1211. */
    public static String tag(long id) {
        return shardTag(shard(id));
    }

    /** The hash tag of a shard (0 to 1023): what every key of the shard's ids carries. */
    public static String shardTag(int shard) {
        return "{" + shard + "}";
    }
}
