package com.newsfeed.cache.remote;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;

/**
 * The Redis keys of one cache (see {@link KeyLayout}): a value key per id from a pattern such as
 * {@code art:{id}:info}, where {@code {id}} becomes the id's shard tag and the id ({@code art:{852}:1211:info}),
 * and a lease key beside each in the same slot ({@code lease:art:{852}:1211:info}); a pattern without {@code {id}}
 * names one key, e.g. the announcement list, which is its own tag ({@code {announce:list}}). The lease commands
 * every layout shares are here too (see {@link LevelScripts}).
 */
final class KeyPattern {

    private final String keyHead;
    private final String keyTail;
    private final String leaseHead;
    private final boolean singleKey;

    KeyPattern(String prefix, String pattern) {
        int slot = pattern.indexOf("{id}");
        this.singleKey = slot < 0;
        String head = prefix + KeyLayout.VERSION;
        this.keyHead = head + (singleKey ? "{" + pattern + "}" : pattern.substring(0, slot));
        this.keyTail = singleKey ? "" : pattern.substring(slot + "{id}".length());
        this.leaseHead = head + "lease:" + (singleKey ? "{" + pattern + "}" : pattern.substring(0, slot));
    }

    byte[] valueKey(long id) {
        return bytes(singleKey ? keyHead : keyHead + KeyLayout.tag(id) + ':' + id + keyTail);
    }

    byte[] leaseKey(long id) {
        return bytes(singleKey ? leaseHead : leaseHead + KeyLayout.tag(id) + ':' + id + keyTail);
    }

    byte[][] both(long id) {
        return new byte[][] {valueKey(id), leaseKey(id)};
    }

    /** Whether someone still holds a lease on the id. */
    Supplier<Boolean> leaseHeld(RedisBatch batch, long id) {
        RedisReply<Long> pttl = batch.pttl(leaseKey(id));
        return () -> pttl.value() != null && pttl.value() != -2L;
    }

    void release(RedisBatch batch, long id, String token) {
        batch.evalInteger(LevelScripts.RELEASE, new byte[][] {leaseKey(id)}, bytes(token));
    }

    void extend(RedisBatch batch, long id, String token, byte[] ttlMillis) {
        batch.evalInteger(LevelScripts.EXTEND, new byte[][] {leaseKey(id)}, bytes(token), ttlMillis);
    }

    /**
     * Deletes every key of the cache (values, markers, leases) with SCAN (on a cluster, over every master in turn);
     * returns how many.
     */
    long clear(RedisExecutor redis) {
        if (singleKey) { // a pattern as a glob would match other caches' keys too (announce*: announce:{id})
            return redis.call("clear " + keyHead, commands -> commands.del(valueKey(0), leaseKey(0)));
        }
        long deleted = 0;
        // Leases first: a fill under a lease taken before the clear then fails, instead of landing after the value
        // scan has passed its key.
        for (String pattern : List.of(leaseHead + "*" + keyTail, keyHead + "*" + keyTail)) {
            deleted += redis.call("clear " + pattern, commands -> {
                long count = 0;
                ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1_000);
                KeyScanCursor<byte[]> cursor = commands.scan(ScanCursor.INITIAL, match);
                while (true) {
                    if (!cursor.getKeys().isEmpty()) {
                        count += commands.del(cursor.getKeys().toArray(byte[][]::new));
                    }
                    if (cursor.isFinished()) {
                        return count;
                    }
                    cursor = commands.scan(cursor, match);
                }
            });
        }
        return deleted;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
