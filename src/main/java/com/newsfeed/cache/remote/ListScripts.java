package com.newsfeed.cache.remote;

/**
 * The Lua scripts of a list cache's sorted sets. A list is one sorted set: member = the id zero-padded to 19
 * digits (so members of one score sort by id, as the database orders ties), score = the publish time in ms, plus
 * one marker member below every real one (score {@code -1 - seq}, the outbox sequence the list was read or last
 * updated at): {@code ~all} when the set holds the whole list, {@code ~top} when it holds only the newest (the cap).
 * The marker also keeps an empty list cached, so a list without members costs no query. Reads answer
 * {@code {-2}} for a missing key and {@code {-3}} for another type; otherwise the PTTL, the marker and its score,
 * the set's cardinality, then member/score pairs.
 */
final class ListScripts {

    private static final String HEADER = """
            local kind = redis.call('TYPE', KEYS[1]).ok
            if kind == 'none' then return {-2} end
            if kind ~= 'zset' then return {-3} end
            local marker = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local reply = {redis.call('PTTL', KEYS[1]), marker[1] or '', marker[2] or '0', redis.call('ZCARD', KEYS[1])}
            """;

    private static final String APPEND = """
            for i = 1, #members do reply[#reply + 1] = members[i] end
            return reply""";

    /** ARGV: how many of the newest members. */
    static final RedisScript HEAD = RedisScript.of("list-head", HEADER + """
            local members = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
            """ + APPEND);

    /**
     * ARGV: the cursor's score, how many. Members of the cursor's score are read on top (ZCOUNT), since the caller
     * drops those at or before the cursor's id.
     */
    static final RedisScript AFTER = RedisScript.of("list-after", HEADER + """
            local ties = redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1])
            local members = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'WITHSCORES', 'LIMIT', 0,
                tonumber(ARGV[2]) + ties)
            """ + APPEND);

    /** ARGV: offset, how many. */
    static final RedisScript AT = RedisScript.of("list-at", HEADER + """
            local members = redis.call('ZREVRANGE', KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[1]) + tonumber(ARGV[2]) - 1,
                'WITHSCORES')
            """ + APPEND);

    /**
     * A rebuild's fill, only under its lease (the stale-set race, invariant I1), members and TTL in one script
     * (invariant I8). KEYS: list, lease. ARGV: token, TTL ms, guard ('1': check the token), marker, marker score,
     * then score/member pairs (ZADD takes them 500 at a time: Lua's stack bounds unpack).
     */
    static final RedisScript FILL = RedisScript.of("list-fill", """
            if ARGV[3] == '1' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('ZADD', KEYS[1], ARGV[5], ARGV[4])
            for i = 6, #ARGV, 1000 do redis.call('ZADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV))) end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1""");

    /**
     * A write's change of one member, in place: 1 applied; 0 no list (left missing, a rebuild reads the write);
     * 2 deleted, too close to its expiry (an update must not be lost to an expiry right after it, Toutiao's 5 s
     * rule) or without a TTL; 3 deleted, out of order (read or updated at this sequence or a later one: applying an
     * older change over it could undo a newer one). A truncated list adds only a member newer than its oldest:
     * an older one belongs to the part the database answers. Always cancels a rebuild under way (its read may
     * predate this write). KEYS: list, lease. ARGV: seq, cap, minimum PTTL, '+' or '-', member, score.
     */
    static final RedisScript UPDATE = RedisScript.of("list-update", """
            redis.call('DEL', KEYS[2])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl == -2 then return 0 end
            if ttl < tonumber(ARGV[3]) or redis.call('TYPE', KEYS[1]).ok ~= 'zset' then
              redis.call('DEL', KEYS[1]) return 2 end
            local marker = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            if marker[1] == nil or string.sub(marker[1], 1, 1) ~= '~' or -1 - tonumber(marker[2]) >= tonumber(ARGV[1])
              then redis.call('DEL', KEYS[1]) return 3 end
            local whole = marker[1] == '~all'
            if ARGV[4] == '+' then
              local add = whole
              if not add then
                local oldest = redis.call('ZRANGE', KEYS[1], 1, 1, 'WITHSCORES')
                local score = tonumber(ARGV[6])
                add = oldest[1] ~= nil and (score > tonumber(oldest[2])
                  or (score == tonumber(oldest[2]) and ARGV[5] > oldest[1]))
              end
              if add then redis.call('ZADD', KEYS[1], ARGV[6], ARGV[5]) end
            else
              redis.call('ZREM', KEYS[1], ARGV[5])
            end
            local excess = redis.call('ZCARD', KEYS[1]) - 1 - tonumber(ARGV[2])
            if excess > 0 then
              redis.call('ZREMRANGEBYRANK', KEYS[1], 1, excess)
              whole = false
            end
            -- The new marker goes in before the old one goes out: a set emptied even for an instant would be
            -- deleted by Redis, and the ZADD after it would make a key without a TTL.
            local now = whole and '~all' or '~top'
            redis.call('ZADD', KEYS[1], -1 - tonumber(ARGV[1]), now)
            if now ~= marker[1] then redis.call('ZREM', KEYS[1], marker[1]) end
            return 1""");

    private ListScripts() {
    }
}
