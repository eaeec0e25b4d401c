package com.newsfeed.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The Redis level (L2) of one cache: values as a versioned JSON string or as a hash, "does not exist" markers,
 * and leases. A lease is a token under its own key, taken with SET NX before a load; the fill that follows is a
 * Lua compare-and-set that writes only while the token is still there, and an eviction deletes the token with the
 * value. So a load that read the database before a write committed can never put its old row back (the
 * stale-set race), and only one instance at a time loads a cold key.
 *
 * <p>Every method may throw Spring's {@code DataAccessException} when Redis fails; {@link LayeredCache} treats
 * that as a miss.
 */
final class RedisLevel<V> {

    /** UNREADABLE: something another release wrote, or garbage; a miss that the next fill overwrites. */
    enum State { VALUE, ABSENT, MISS, UNREADABLE }

    /** What one key held: a value (with its JSON), an absent marker, or nothing usable; and its remaining TTL. */
    record Read<V>(State state, V value, byte[] json, long remainingMillis) {

        boolean found() {
            return state == State.VALUE || state == State.ABSENT;
        }
    }

    /**
     * A lease only while the value is still missing, so a fill landing between a miss and this call ends the wait
     * instead of starting a second load; ARGV[3] = '1' takes it over an unreadable entry, to overwrite it.
     */
    private static final byte[] LEASE = script("""
            if ARGV[3] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
            if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
            return 0""");
    private static final byte[] FILL_STRING = script("""
            if ARGV[3] == '1' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1""");
    private static final byte[] FILL_HASH = script("""
            if ARGV[3] == '1' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1""");
    /**
     * A write's changed fields, in place: cancels loads in flight (their lease), then updates the hash only if it
     * holds an older row version, so two writers' updates can never land in the wrong order. An absent marker is
     * deleted instead (the row exists now). ARGV: version, number of fields to delete, their names, then
     * field/value pairs to set.
     */
    private static final byte[] UPDATE_HASH = script("""
            redis.call('DEL', KEYS[2])
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            if redis.call('HEXISTS', KEYS[1], '-1') == 1 then redis.call('DEL', KEYS[1]) return 2 end
            local current = tonumber(redis.call('HGET', KEYS[1], '_rv') or '-1')
            if current >= tonumber(ARGV[1]) then return 0 end
            local deletes = tonumber(ARGV[2])
            for i = 1, deletes do redis.call('HDEL', KEYS[1], ARGV[2 + i]) end
            if #ARGV > 2 + deletes then redis.call('HSET', KEYS[1], unpack(ARGV, 3 + deletes)) end
            redis.call('HSET', KEYS[1], '_rv', ARGV[1])
            return 1""");
    private static final byte[] RELEASE = script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");

    private final RedisTemplate<byte[], byte[]> redis;
    private final String keyHead;
    private final String keyTail;
    private final String leaseHead;
    private final L2Layout layout;
    private final ValueCodec<V> codec;
    private final Ttl ttl;
    private final Ttl absentTtl;
    private final long leaseTtlMillis;
    private final boolean guardFills;
    /** A pattern without {id} names one key (e.g. the channel list). */
    private final boolean singleKey;

    RedisLevel(RedisTemplate<byte[], byte[]> redis, String prefix, String keyPattern, L2Layout layout,
            ValueCodec<V> codec, Ttl ttl, Ttl absentTtl, Duration leaseTtl, boolean guardFills) {
        int slot = keyPattern.indexOf("{id}");
        this.redis = redis;
        this.keyHead = prefix + (slot < 0 ? keyPattern : keyPattern.substring(0, slot));
        this.keyTail = slot < 0 ? "" : keyPattern.substring(slot + "{id}".length());
        this.leaseHead = prefix + "lease:" + (slot < 0 ? keyPattern : keyPattern.substring(0, slot));
        this.layout = layout;
        this.codec = codec;
        this.ttl = ttl;
        this.absentTtl = absentTtl;
        this.leaseTtlMillis = leaseTtl.toMillis();
        this.guardFills = guardFills;
        this.singleKey = slot < 0;
    }

    L2Layout layout() {
        return layout;
    }

    /** The Redis key of an id, e.g. {@code nf:art:42:info}. */
    String key(long id) {
        return singleKey ? keyHead : keyHead + id + keyTail;
    }

    Read<V> read(long id) {
        byte[] key = bytes(key(id));
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            readCommand(connection, key);
            connection.keyCommands().pTtl(key);
            return null;
        });
        return decode(replies.get(0), (Long) replies.get(1));
    }

    /** One round trip for many ids. */
    Map<Long, Read<V>> readAll(List<Long> ids) {
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long id : ids) {
                byte[] key = bytes(key(id));
                readCommand(connection, key);
                connection.keyCommands().pTtl(key);
            }
            return null;
        });
        Map<Long, Read<V>> reads = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            reads.put(ids.get(i), decode(replies.get(2 * i), (Long) replies.get(2 * i + 1)));
        }
        return reads;
    }

    /** The answer to a lease request: a token to load and fill with, or why there is none. */
    record Lease(String token, boolean filledMeanwhile) {

        boolean granted() {
            return token != null;
        }
    }

    /**
     * A lease to load the key; none while another caller holds one, or once a value (or marker) is there unless
     * {@code overUnreadable} (the caller read that entry and could not decode it).
     */
    Lease tryLease(long id, boolean overUnreadable) {
        String token = newToken();
        Long answer = redis.execute((RedisCallback<Long>) connection -> leaseCommand(connection, id, token,
                overUnreadable));
        return answer != null && answer == 1L ? new Lease(token, false)
                : new Lease(null, answer != null && answer == -1L);
    }

    /** Leases for many ids in one round trip: the ids this caller may fill, with their tokens. */
    Map<Long, String> tryLeases(Collection<Long> ids) {
        List<Long> ordered = List.copyOf(ids);
        List<String> tokens = new ArrayList<>(ordered.size());
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long id : ordered) {
                String token = newToken();
                tokens.add(token);
                leaseCommand(connection, id, token, true); // a batch lease follows a read of these ids
            }
            return null;
        });
        Map<Long, String> granted = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (Long.valueOf(1L).equals(replies.get(i))) {
                granted.put(ordered.get(i), tokens.get(i));
            }
        }
        return granted;
    }

    private Long leaseCommand(RedisConnection connection, long id, String token, boolean overUnreadable) {
        return connection.scriptingCommands().eval(LEASE, ReturnType.INTEGER, 2, bytes(key(id)),
                bytes(leaseKey(id)), bytes(token), bytes(Long.toString(leaseTtlMillis)),
                bytes(overUnreadable ? "1" : "0"));
    }

    /** Writes a loaded value (or, for null, an absent marker) if the lease still stands; false if it was cancelled. */
    boolean fill(long id, String token, V value, byte[] json) {
        Long written = redis.execute((RedisCallback<Long>) connection -> fillCommand(connection, id, token, value,
                json));
        return written != null && written == 1L;
    }

    /** {@link #fill} for many ids in one round trip; returns the ids actually written. */
    List<Long> fillAll(Map<Long, String> tokens, Map<Long, V> values, Map<Long, byte[]> jsons) {
        List<Long> ids = List.copyOf(tokens.keySet());
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long id : ids) {
                fillCommand(connection, id, tokens.get(id), values.get(id), jsons.get(id));
            }
            return null;
        });
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (Long.valueOf(1L).equals(replies.get(i))) {
                written.add(ids.get(i));
            }
        }
        return written;
    }

    /** Gives a lease back unused (e.g. when absent markers are off and there is nothing to write). */
    void release(long id, String token) {
        redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands()
                .eval(RELEASE, ReturnType.INTEGER, 1, bytes(leaseKey(id)), bytes(token)));
    }

    /**
     * Writes the given fields of a newer row version into the hash in place (see {@code UPDATE_HASH}).
     *
     * @return 1 updated, 0 nothing to update (no entry, or one as new), 2 an absent marker was deleted
     */
    long updateFields(long id, long rowVersion, Map<String, String> set, java.util.Set<String> delete) {
        List<byte[]> keysAndArgs = new ArrayList<>();
        keysAndArgs.add(bytes(key(id)));
        keysAndArgs.add(bytes(leaseKey(id)));
        keysAndArgs.add(bytes(Long.toString(rowVersion)));
        keysAndArgs.add(bytes(Integer.toString(delete.size())));
        delete.forEach(field -> keysAndArgs.add(bytes(field)));
        set.forEach((field, value) -> {
            keysAndArgs.add(bytes(field));
            keysAndArgs.add(bytes(value));
        });
        Long answer = redis.execute((RedisCallback<Long>) connection -> connection.scriptingCommands()
                .eval(UPDATE_HASH, ReturnType.INTEGER, 2, keysAndArgs.toArray(byte[][]::new)));
        return answer == null ? 0 : answer;
    }

    /** Deletes the value and cancels any lease on it, in one command. */
    void delete(long id) {
        redis.execute((RedisCallback<Long>) connection -> connection.keyCommands()
                .del(bytes(key(id)), bytes(leaseKey(id))));
    }

    /** Deletes every key of this cache (values, markers, leases); returns how many. */
    long clear() {
        long deleted = 0;
        for (String pattern : List.of(keyHead + "*" + keyTail, leaseHead + "*" + keyTail)) {
            deleted += redis.execute((RedisCallback<Long>) connection -> {
                long count = 0;
                ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1_000).build();
                try (Cursor<byte[]> keys = connection.keyCommands().scan(options)) {
                    while (keys.hasNext()) {
                        count += connection.keyCommands().del(keys.next());
                    }
                }
                return count;
            });
        }
        return deleted;
    }

    private void readCommand(RedisConnection connection, byte[] key) {
        if (layout == L2Layout.STRING) {
            connection.stringCommands().get(key);
        } else {
            connection.hashCommands().hGetAll(key);
        }
    }

    private Long fillCommand(RedisConnection connection, long id, String token, V value, byte[] json) {
        long ttlMillis = value == null ? absentTtl.pickMillis() : ttl.pickMillis();
        List<byte[]> keysAndArgs = new ArrayList<>();
        keysAndArgs.add(bytes(key(id)));
        keysAndArgs.add(bytes(leaseKey(id)));
        keysAndArgs.add(bytes(token));
        keysAndArgs.add(bytes(Long.toString(ttlMillis)));
        keysAndArgs.add(bytes(guardFills ? "1" : "0"));
        if (layout == L2Layout.STRING) {
            keysAndArgs.add(value == null ? ValueCodec.ABSENT_STRING : codec.toStoredString(json));
        } else {
            Map<String, String> fields = value == null ? Map.of(ValueCodec.ABSENT_FIELD, ValueCodec.ABSENT_FIELD)
                    : codec.toHash(value);
            fields.forEach((field, fieldValue) -> {
                keysAndArgs.add(bytes(field));
                keysAndArgs.add(bytes(fieldValue));
            });
        }
        return connection.scriptingCommands().eval(layout == L2Layout.STRING ? FILL_STRING : FILL_HASH,
                ReturnType.INTEGER, 2, keysAndArgs.toArray(byte[][]::new));
    }

    @SuppressWarnings("unchecked")
    private Read<V> decode(Object reply, Long pttl) {
        long remaining = pttl == null ? -2 : pttl;
        try {
            if (layout == L2Layout.STRING) {
                byte[] stored = (byte[]) reply;
                if (stored == null) {
                    return miss();
                }
                if (Arrays.equals(stored, ValueCodec.ABSENT_STRING)) {
                    return new Read<>(State.ABSENT, null, null, remaining);
                }
                byte[] json = codec.jsonOfStoredString(stored);
                return json == null ? unreadable() : new Read<>(State.VALUE, codec.fromJson(json), json, remaining);
            }
            Map<byte[], byte[]> hash = (Map<byte[], byte[]>) reply;
            if (hash == null || hash.isEmpty()) {
                return miss();
            }
            Map<String, String> fields = new HashMap<>();
            hash.forEach((field, value) -> fields.put(string(field), string(value)));
            if (fields.containsKey(ValueCodec.ABSENT_FIELD)) {
                return new Read<>(State.ABSENT, null, null, remaining);
            }
            V value = codec.fromHash(fields);
            return value == null ? unreadable() : new Read<>(State.VALUE, value, codec.toJson(value), remaining);
        } catch (RuntimeException e) {
            if (ValueCodec.isDecodingFailure(e)) {
                return unreadable(); // written by another release: overwritten by the next fill
            }
            throw e;
        }
    }

    private String leaseKey(long id) {
        return singleKey ? leaseHead : leaseHead + id + keyTail;
    }

    private Read<V> miss() {
        return new Read<>(State.MISS, null, null, -2);
    }

    private Read<V> unreadable() {
        return new Read<>(State.UNREADABLE, null, null, -2);
    }

    private static String newToken() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static byte[] script(String source) {
        return bytes(source);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
