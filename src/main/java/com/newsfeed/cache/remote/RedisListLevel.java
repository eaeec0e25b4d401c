package com.newsfeed.cache.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.newsfeed.cache.L2Layout;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListSlice;
import com.newsfeed.cache.Ttl;

/**
 * A list cache's Redis level: one sorted set per list (see {@link ListScripts} for its members and marker), read
 * and written by scripts, so each read is one command and each write leaves the set whole or gone. A reply this
 * release cannot read (another type, no marker) is a miss that the next fill overwrites, never an error.
 */
public final class RedisListLevel implements ListLevel {

    private static final String WHOLE = "~all";
    private static final String NEWEST = "~top";
    private static final int MEMBER_DIGITS = 19;

    private final KeyPattern keys;
    private final ValueCodec<ListSlice> codec;
    private final Ttl ttl;
    private final byte[] head;
    private final byte[] cap;
    private final byte[] minimumTtlMillis;
    private final byte[] leaseTtlMillis;
    private final byte[] guardFills;

    /**
     * @param head             how many of the newest members a head read returns (what L1 keeps)
     * @param cap              the most members a list keeps
     * @param minimumTtlMillis an update of a list with less than this left deletes it instead
     * @param guardFills       whether fills check their lease; off only to reproduce the stale-set race
     */
    public RedisListLevel(String prefix, String keyPattern, ValueCodec<ListSlice> codec, Ttl ttl, int head,
            int cap, long minimumTtlMillis, long leaseTtlMillis, boolean guardFills) {
        this.keys = new KeyPattern(prefix, keyPattern);
        this.codec = codec;
        this.ttl = ttl;
        this.head = number(head);
        this.cap = number(cap);
        this.minimumTtlMillis = number(minimumTtlMillis);
        this.leaseTtlMillis = number(leaseTtlMillis);
        this.guardFills = KeyPattern.bytes(guardFills ? "1" : "0");
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public L2Layout layout() {
        return L2Layout.ZSET;
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
    public Supplier<RemoteRead<ListSlice>> read(RedisBatch batch, long id, boolean withTtl) {
        RedisReply<List<Object>> reply = batch.evalList(ListScripts.HEAD, new byte[][] {valueKey(id)}, head);
        return () -> {
            Decoded decoded = decode(reply);
            if (decoded == null) {
                return RemoteRead.miss();
            }
            if (!decoded.readable) {
                return RemoteRead.unreadable();
            }
            ListSlice slice = ListSlice.of(decoded.range.entries(), decoded.range.size(), decoded.range.whole(),
                    decoded.seq);
            return new RemoteRead<>(RemoteRead.State.VALUE, slice, codec.toJson(slice), decoded.remainingMillis);
        };
    }

    @Override
    public Supplier<ListRange> after(RedisBatch batch, long listId, ListEntry cursor, int limit) {
        RedisReply<List<Object>> reply = batch.evalList(ListScripts.AFTER, new byte[][] {valueKey(listId)},
                number(cursor.score()), number(limit));
        return () -> {
            ListRange range = range(reply);
            List<ListEntry> after = range.entries().stream().filter(entry -> entry.after(cursor)).toList();
            return new ListRange(range.exists(), after, range.whole(), range.size());
        };
    }

    @Override
    public Supplier<ListRange> at(RedisBatch batch, long listId, int offset, int limit) {
        RedisReply<List<Object>> reply = batch.evalList(ListScripts.AT, new byte[][] {valueKey(listId)},
                number(offset), number(limit));
        return () -> range(reply);
    }

    @Override
    public void update(RedisBatch batch, long listId, long seq, ListEntry member, boolean added) {
        batch.evalInteger(ListScripts.UPDATE, keys.both(listId), number(seq), cap, minimumTtlMillis,
                KeyPattern.bytes(added ? "+" : "-"), member(member.id()), number(member.score()));
    }

    @Override
    public Supplier<Boolean> leaseHeld(RedisBatch batch, long id) {
        return keys.leaseHeld(batch, id);
    }

    @Override
    public Supplier<Boolean> fill(RedisBatch batch, long id, String token, ListSlice value, byte[] json) {
        List<byte[]> args = new ArrayList<>(List.of(KeyPattern.bytes(token), number(ttl.pickMillis()), guardFills,
                KeyPattern.bytes(value.whole() ? WHOLE : NEWEST), number(-1 - value.seq())));
        for (int i = 0; i < value.length(); i++) {
            args.add(number(value.scores()[i]));
            args.add(member(value.ids()[i]));
        }
        RedisReply<Long> written = batch.evalInteger(ListScripts.FILL, keys.both(id), args.toArray(byte[][]::new));
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
        batch.del(keys.both(id));
    }

    /** A list has no row version: any change the writer may not have applied deletes it. */
    @Override
    public void deleteIfOlder(RedisBatch batch, long id, long rowVersion) {
        delete(batch, id);
    }

    @Override
    public void updateFields(RedisBatch batch, long id, long rowVersion, Map<String, String> set,
            Set<String> delete) {
        delete(batch, id);
    }

    @Override
    public long clear(RedisExecutor redis) {
        return keys.clear(redis);
    }

    /** What a read script returned: null for a missing key. */
    private record Decoded(boolean readable, ListRange range, long seq, long remainingMillis) {
    }

    private static ListRange range(RedisReply<List<Object>> reply) {
        Decoded decoded = decode(reply);
        return decoded == null || !decoded.readable ? ListRange.MISSING : decoded.range;
    }

    /** What the read path makes of a set it cannot read: a miss (another release's layout, a stray write). */
    private static final Decoded UNREADABLE = new Decoded(false, ListRange.MISSING, 0, 0);

    private static Decoded decode(RedisReply<List<Object>> reply) {
        if (reply.wrongType()) {
            return UNREADABLE;
        }
        try {
            return decodeRange(reply.value());
        } catch (NumberFormatException | ClassCastException | IndexOutOfBoundsException malformed) {
            return UNREADABLE;
        }
    }

    private static Decoded decodeRange(List<Object> values) {
        long status = (Long) values.get(0);
        if (status == -2L) {
            return null;
        }
        String marker = values.size() < 4 ? "" : text(values.get(1));
        if (status == -3L || !(marker.equals(WHOLE) || marker.equals(NEWEST))) {
            return UNREADABLE;
        }
        long seq = -1 - score(values.get(2));
        int size = (int) ((Long) values.get(3) - 1);
        List<ListEntry> entries = new ArrayList<>((values.size() - 4) / 2);
        for (int i = 4; i + 1 < values.size(); i += 2) {
            String member = text(values.get(i));
            if (!member.startsWith("~")) {
                entries.add(new ListEntry(Long.parseLong(member), score(values.get(i + 1))));
            }
        }
        // A key without a TTL never outlives its writer's script; should one appear, L1 treats it as unbounded.
        long remaining = status < 0 ? Long.MAX_VALUE : status;
        return new Decoded(true, new ListRange(true, entries, marker.equals(WHOLE), size), seq, remaining);
    }

    /** The id zero-padded to 19 digits: members of one score then sort by id, as numbers. */
    static byte[] member(long id) {
        String digits = Long.toString(id);
        byte[] member = new byte[MEMBER_DIGITS];
        Arrays.fill(member, 0, MEMBER_DIGITS - digits.length(), (byte) '0');
        for (int i = 0; i < digits.length(); i++) {
            member[MEMBER_DIGITS - digits.length() + i] = (byte) digits.charAt(i);
        }
        return member;
    }

    /** Redis writes a score as a double ("1733052345123", or with an exponent): exact below 2^53. */
    private static long score(Object value) {
        String text = text(value);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(text);
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static byte[] number(long value) {
        return KeyPattern.bytes(Long.toString(value));
    }
}
