package com.newsfeed.cache.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.newsfeed.cache.L2Layout;
import com.newsfeed.cache.Ttl;


/**
 * The Redis level (L2) of one cache: values as a versioned JSON string or as a hash, "does not exist" markers,
 * and leases (a token under a key of its own; see {@link LevelScripts}). Decoding happens here, after the batch:
 * an entry this release cannot read (another format version, another layout, garbage) is
 * {@link RemoteRead.State#UNREADABLE}, a miss that the next fill overwrites, never an error.
 */
public final class RedisLevel<V> implements RemoteLevel<V> {

    private final KeyPattern keys;
    private final L2Layout layout;
    private final ValueCodec<V> codec;
    private final Ttl ttl;
    private final Ttl absentTtl;
    private final byte[] leaseTtlMillis;
    private final byte[] guardFills;

    /**
     * @param keyPattern the key after the prefix, with {@code {id}} where the id goes
     * @param guardFills whether fills check their lease; off only to reproduce the stale-set race
     */
    public RedisLevel(String prefix, String keyPattern, L2Layout layout, ValueCodec<V> codec, Ttl ttl,
            Ttl absentTtl, long leaseTtlMillis, boolean guardFills) {
        this.keys = new KeyPattern(prefix, keyPattern);
        this.layout = layout;
        this.codec = codec;
        this.ttl = ttl;
        this.absentTtl = absentTtl;
        this.leaseTtlMillis = bytes(Long.toString(leaseTtlMillis));
        this.guardFills = bytes(guardFills ? "1" : "0");
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public L2Layout layout() {
        return layout;
    }

    @Override
    public byte[] valueKey(long id) {
        return keys.valueKey(id);
    }

    @Override
    public byte[] leaseKey(long id) {
        return keys.leaseKey(id);
    }

    @Override
    public Supplier<RemoteRead<V>> read(RedisBatch batch, long id, boolean withTtl) {
        byte[] key = valueKey(id);
        if (layout == L2Layout.STRING) {
            RedisReply<byte[]> value = batch.get(key);
            Supplier<Long> pttl = withTtl ? batch.pttl(key)::value : () -> -1L;
            return () -> value.wrongType() ? RemoteRead.unreadable() : decodeString(value.value(), pttl.get());
        }
        RedisReply<Map<byte[], byte[]>> fields = batch.hgetall(key);
        Supplier<Long> pttl = withTtl ? batch.pttl(key)::value : () -> -1L;
        return () -> fields.wrongType() ? RemoteRead.unreadable() : decodeHash(fields.value(), pttl.get());
    }

    @Override
    public Supplier<Boolean> leaseHeld(RedisBatch batch, long id) {
        return keys.leaseHeld(batch, id);
    }

    @Override
    public Supplier<Boolean> fill(RedisBatch batch, long id, String token, V value, byte[] json) {
        long ttlMillis = value == null ? absentTtl.pickMillis() : ttl.pickMillis();
        List<byte[]> args = new ArrayList<>(List.of(bytes(token), bytes(Long.toString(ttlMillis)), guardFills));
        if (layout == L2Layout.STRING) {
            args.add(value == null ? ValueCodec.ABSENT_STRING : codec.toStoredString(json));
        } else {
            Map<String, String> fields = value == null ? Map.of(ValueCodec.ABSENT_FIELD, ValueCodec.ABSENT_FIELD)
                    : codec.toHash(value);
            fields.forEach((field, fieldValue) -> {
                args.add(bytes(field));
                args.add(bytes(fieldValue));
            });
        }
        RedisReply<Long> written = batch.evalInteger(
                layout == L2Layout.STRING ? LevelScripts.FILL_STRING : LevelScripts.FILL_HASH, keys.both(id),
                args.toArray(byte[][]::new));
        return () -> Long.valueOf(1).equals(written.value());
    }

    @Override
    public void release(RedisBatch batch, long id, String token) {
        keys.release(batch, id, token);
    }

    @Override
    public void extend(RedisBatch batch, long id, String token) {
        keys.extend(batch, id, token, leaseTtlMillis);
    }

    @Override
    public void delete(RedisBatch batch, long id) {
        batch.del(valueKey(id), leaseKey(id));
    }

    @Override
    public void deleteIfOlder(RedisBatch batch, long id, long rowVersion) {
        batch.evalInteger(LevelScripts.DELETE_IF_OLDER, keys.both(id), bytes(Long.toString(rowVersion)));
    }

    @Override
    public void updateFields(RedisBatch batch, long id, long rowVersion, Map<String, String> set,
            Set<String> delete) {
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(Long.toString(rowVersion)));
        args.add(bytes(Integer.toString(delete.size())));
        delete.forEach(field -> args.add(bytes(field)));
        set.forEach((field, value) -> {
            args.add(bytes(field));
            args.add(bytes(value));
        });
        batch.evalInteger(LevelScripts.UPDATE_HASH, keys.both(id), args.toArray(byte[][]::new));
    }

    @Override
    public long clear(RedisExecutor redis) {
        return keys.clear(redis);
    }

    private RemoteRead<V> decodeString(byte[] stored, Long pttl) {
        if (stored == null || deletedMeanwhile(pttl)) {
            return RemoteRead.miss();
        }
        long remaining = remaining(pttl);
        if (Arrays.equals(stored, ValueCodec.ABSENT_STRING)) {
            return new RemoteRead<>(RemoteRead.State.ABSENT, null, null, remaining);
        }
        try {
            byte[] json = codec.jsonOfStoredString(stored);
            return json == null ? RemoteRead.unreadable()
                    : new RemoteRead<>(RemoteRead.State.VALUE, codec.fromJson(json), json, remaining);
        } catch (RuntimeException e) {
            if (ValueCodec.isDecodingFailure(e)) {
                return RemoteRead.unreadable();
            }
            throw e;
        }
    }

    private RemoteRead<V> decodeHash(Map<byte[], byte[]> hash, Long pttl) {
        if (hash == null || hash.isEmpty() || deletedMeanwhile(pttl)) {
            return RemoteRead.miss();
        }
        long remaining = remaining(pttl);
        Map<String, String> fields = new HashMap<>();
        hash.forEach((field, value) -> fields.put(string(field), string(value)));
        if (fields.containsKey(ValueCodec.ABSENT_FIELD)) {
            return new RemoteRead<>(RemoteRead.State.ABSENT, null, null, remaining);
        }
        try {
            V value = codec.fromHash(fields);
            return value == null ? RemoteRead.unreadable()
                    : new RemoteRead<>(RemoteRead.State.VALUE, value, codec.toJson(value), remaining);
        } catch (RuntimeException e) {
            if (ValueCodec.isDecodingFailure(e)) {
                return RemoteRead.unreadable();
            }
            throw e;
        }
    }

    /** Another client's DEL ran between the read and its PTTL: what was read is already being evicted. */
    private static boolean deletedMeanwhile(Long pttl) {
        return pttl != null && pttl == -2L;
    }

    private static long remaining(Long pttl) {
        return pttl == null || pttl < 0 ? Long.MAX_VALUE : pttl;
    }

    static byte[] bytes(String text) {
        return KeyPattern.bytes(text);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
