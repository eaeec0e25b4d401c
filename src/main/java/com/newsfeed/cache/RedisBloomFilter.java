package com.newsfeed.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStringCommands.BitOperation;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * A bloom filter of the ids that exist, kept in Redis as a bitmap so every instance sees an id the moment any
 * instance adds it (a per-instance filter would reject, on instance B, an entity just created through instance A).
 * Written here because no library offers one over plain Redis: RedisBloom is a server module that Redis 7 does not
 * ship, and Redisson's filter would bring a second Redis client into the application.
 *
 * <p>The bitmap is trusted only while its {@code :ready} key exists, set after a full build from the database.
 * Without it (a Redis restart, a flush, a build under way) or when Redis fails, {@link #mightContain} answers
 * true: it never rejects what it cannot be sure of. Builds OR a fresh bitmap into the live one, so an id added
 * during a build is never lost; the key carries the size and hash count, so a resized filter starts clean.
 */
public final class RedisBloomFilter {

    private static final Logger log = LoggerFactory.getLogger(RedisBloomFilter.class);
    private static final byte[] MIGHT_CONTAIN = bytes("""
            if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
            for i = 1, #ARGV do
              if redis.call('GETBIT', KEYS[1], ARGV[i]) == 0 then return 0 end
            end
            return 1""");
    private static final byte[] ADD = bytes("""
            for i = 1, #ARGV do redis.call('SETBIT', KEYS[1], ARGV[i], 1) end
            return 1""");

    private final String name;
    private final RedisTemplate<byte[], byte[]> redis;
    private final IdSource ids;
    private final long bits;
    private final int hashes;
    private final byte[] key;
    private final byte[] readyKey;
    /** Ids added while Redis could not be reached: not yet in the bitmap, so answered from here. */
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();

    RedisBloomFilter(String name, RedisTemplate<byte[], byte[]> redis, String prefix, IdSource ids,
            long expectedIds, double falsePositiveRate) {
        this.name = name;
        this.redis = redis;
        this.ids = ids;
        // The standard optimum: m = -n ln p / (ln 2)^2 bits and k = m/n ln 2 hash functions.
        double ln2 = Math.log(2);
        this.bits = Math.max(64, (long) Math.ceil(-expectedIds * Math.log(falsePositiveRate) / (ln2 * ln2)));
        this.hashes = Math.max(1, (int) Math.round((double) bits / expectedIds * ln2));
        if (bits / 8 >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bloom filter '" + name + "' would need " + bits + " bits");
        }
        String base = prefix + "bloom:" + name + ":m" + bits + ":k" + hashes;
        this.key = bytes(base);
        this.readyKey = bytes(base + ":ready");
    }

    public String name() {
        return name;
    }

    public long bits() {
        return bits;
    }

    public int hashes() {
        return hashes;
    }

    /** False only when the id surely does not exist; true when it may, or when the filter cannot tell. */
    public boolean mightContain(long id) {
        if (!pending.isEmpty() && (pending.contains(id) || !flushPending())) {
            return true;
        }
        try {
            Long answer = redis.execute((RedisCallback<Long>) connection -> connection.scriptingCommands()
                    .eval(MIGHT_CONTAIN, ReturnType.INTEGER, 2, keysAndOffsets(id, true)));
            return answer == null || answer != 0L;
        } catch (DataAccessException e) {
            return true;
        }
    }

    /** Whether the filter is built and trusted. */
    public boolean isReady() {
        try {
            return Boolean.TRUE.equals(redis.execute((RedisCallback<Boolean>) c -> c.keyCommands().exists(readyKey)));
        } catch (DataAccessException e) {
            return false;
        }
    }

    /**
     * Adds a new id. Call it before the transaction that inserted the id commits, so no reader can see the row
     * while the filter still rejects it (a rolled-back id only adds a false positive). When Redis fails the id is
     * kept here, answered locally, and written with the next call that reaches Redis.
     */
    public void add(long id) {
        pending.add(id);
        flushPending();
    }

    /** Writes the ids added while Redis was unreachable; false if Redis is still failing. */
    boolean flushPending() {
        for (Long id : pending) {
            try {
                redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands()
                        .eval(ADD, ReturnType.INTEGER, 1, keysAndOffsets(id, false)));
                pending.remove(id);
            } catch (DataAccessException e) {
                return false;
            }
        }
        return true;
    }

    /** Builds the bitmap from every existing id and marks the filter ready. Returns the number of ids. */
    public long rebuild() {
        long started = System.nanoTime();
        byte[] bitmap = new byte[(int) ((bits + 7) / 8)];
        long[] count = {0};
        ids.forEachId(id -> {
            count[0]++;
            for (int i = 0; i < hashes; i++) {
                long offset = offset(id, i);
                bitmap[(int) (offset >>> 3)] |= (byte) (0x80 >>> (offset & 7)); // Redis bit order: MSB first
            }
        });
        byte[] staging = bytes(new String(key, StandardCharsets.UTF_8) + ":staging:" + ProcessHandle.current().pid()
                + ":" + System.nanoTime());
        redis.execute((RedisCallback<Object>) connection -> {
            connection.stringCommands().set(staging, bitmap);
            connection.stringCommands().bitOp(BitOperation.OR, key, key, staging);
            connection.keyCommands().del(staging);
            connection.stringCommands().set(readyKey, bytes("1"));
            return null;
        });
        log.info("Bloom filter '{}' built from {} ids: {} bits, {} hashes, in {} ms", name, count[0], bits, hashes,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return count[0];
    }

    private byte[][] keysAndOffsets(long id, boolean withReadyKey) {
        List<byte[]> args = new ArrayList<>(2 + hashes);
        args.add(key);
        if (withReadyKey) {
            args.add(readyKey);
        }
        for (int i = 0; i < hashes; i++) {
            args.add(bytes(Long.toString(offset(id, i))));
        }
        return args.toArray(byte[][]::new);
    }

    /** Kirsch-Mitzenmacher double hashing: two 64-bit mixes of the id give every position. */
    private long offset(long id, int i) {
        long h1 = mix(id);
        long h2 = mix(id ^ 0x9E3779B97F4A7C15L) | 1;
        return Math.floorMod(h1 + i * h2, bits);
    }

    /** The SplitMix64 finaliser: spreads consecutive ids over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
