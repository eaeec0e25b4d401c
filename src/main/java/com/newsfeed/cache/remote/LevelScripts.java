package com.newsfeed.cache.remote;

import java.util.List;

/**
 * The Lua scripts of one cache's Redis level. Each touches one value key and its lease key (KEYS[1], KEYS[2]),
 * so it runs atomically against every other command on them: the fill is a compare-and-set on the lease token,
 * which every eviction deletes (the stale-set race, invariant I1), and each writes its key's TTL in the same
 * script (invariant I8).
 */
final class LevelScripts {

    /** ARGV: token, TTL ms, guard ('1': check the token), the JSON string. */
    static final RedisScript FILL_STRING = RedisScript.of("fill-string", """
            if ARGV[3] == '1' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1""");

    /** ARGV: token, TTL ms, guard, then field/value pairs. */
    static final RedisScript FILL_HASH = RedisScript.of("fill-hash", """
            if ARGV[3] == '1' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1""");

    /** ARGV: token. */
    static final RedisScript RELEASE = RedisScript.of("release", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");

    /** ARGV: token, TTL ms. */
    static final RedisScript EXTEND = RedisScript.of("extend", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0""");

    /**
     * A write's changed fields, in place, applied only on top of the row version just before it: 0 nothing to do
     * (no entry, or one as new), 1 updated, 2 an absent marker deleted (the row exists now), 3 deleted because of a
     * gap (an update in between is late or lost: a mix of fields must never be served). Always cancels the lease.
     * ARGV: version, number of fields to delete, their names, then field/value pairs to set.
     */
    static final RedisScript UPDATE_HASH = RedisScript.of("update-hash", """
            redis.call('DEL', KEYS[2])
            local kind = redis.call('TYPE', KEYS[1]).ok
            if kind == 'none' then return 0 end
            if kind ~= 'hash' then redis.call('DEL', KEYS[1]) return 3 end
            if redis.call('HEXISTS', KEYS[1], '-1') == 1 then redis.call('DEL', KEYS[1]) return 2 end
            local current = tonumber(redis.call('HGET', KEYS[1], '_rv') or '-1')
            local version = tonumber(ARGV[1])
            if current >= version then return 0 end
            if current ~= version - 1 then redis.call('DEL', KEYS[1]) return 3 end
            local deletes = tonumber(ARGV[2])
            for i = 1, deletes do redis.call('HDEL', KEYS[1], ARGV[2 + i]) end
            if #ARGV > 2 + deletes then redis.call('HSET', KEYS[1], unpack(ARGV, 3 + deletes)) end
            redis.call('HSET', KEYS[1], '_rv', ARGV[1])
            return 1""");

    /** Deletes the entry unless it is a hash at this row version or newer; always cancels the lease. ARGV: version. */
    static final RedisScript DELETE_IF_OLDER = RedisScript.of("delete-if-older", """
            redis.call('DEL', KEYS[2])
            if redis.call('TYPE', KEYS[1]).ok == 'hash' then
              local current = tonumber(redis.call('HGET', KEYS[1], '_rv') or '-1')
              if current >= tonumber(ARGV[1]) then return 0 end
            end
            return redis.call('DEL', KEYS[1])""");

    /** A bloom filter add: every bit of one id. KEYS: the bitmap. ARGV: the offsets. */
    static final RedisScript BLOOM_ADD = RedisScript.of("bloom-add", """
            for i = 1, #ARGV do redis.call('SETBIT', KEYS[1], ARGV[i], 1) end
            return 1""");

    /**
     * A bloom filter build's shard: ORs the built bitmap into the live one, then marks the shard ready. KEYS: the
     * bitmap, a staging key (BITOP takes keys only), the ready key. ARGV: the built bitmap, the staging TTL ms, the
     * build time.
     */
    static final RedisScript BLOOM_MERGE = RedisScript.of("bloom-merge", """
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            redis.call('BITOP', 'OR', KEYS[1], KEYS[1], KEYS[2])
            redis.call('DEL', KEYS[2])
            redis.call('SET', KEYS[3], ARGV[3])
            return 1""");

    /** Every script the cache runs, loaded when the connection opens so that none costs a NOSCRIPT round trip. */
    static List<RedisScript> all() {
        return List.of(FILL_STRING, FILL_HASH, RELEASE, EXTEND, UPDATE_HASH, DELETE_IF_OLDER, BLOOM_ADD,
                BLOOM_MERGE,
                GuardScript.GUARD, ListScripts.HEAD, ListScripts.AFTER, ListScripts.AT, ListScripts.FILL,
                ListScripts.UPDATE);
    }

    private LevelScripts() {
    }
}
