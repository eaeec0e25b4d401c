package com.newsfeed.cache.guard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.newsfeed.cache.IdSource;
import com.newsfeed.cache.remote.BloomProbe;
import com.newsfeed.cache.remote.GuardScript;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

import io.lettuce.core.SetArgs;

/**
 * A bloom filter of the ids that exist, kept in Redis as a bitmap so every instance sees an id the moment any
 * instance adds it. Written here because no library offers one over plain Redis: RedisBloom is a server module
 * that Redis 7 does not ship, and Redisson's filter would bring a second Redis client into the application.
 *
 * <p>It never rejects an id that exists (I5): the bitmap is trusted only while its {@code :ready} key exists
 * (set after a full build), and the read path's guard script lets every id through without it. Ids are added
 * before the inserting transaction commits and again by every instance's outbox tail (so an id added by an
 * instance cut off from Redis, or by an old release with other sizing, reaches every filter), builds OR a fresh
 * bitmap into the live one so nothing added meanwhile is lost, and the key carries the size and hash count, so a
 * resized filter starts clean and not ready.
 */
public final class RedisBloomFilter implements IdFilter {

    private static final Logger log = LoggerFactory.getLogger(RedisBloomFilter.class);
    /** A build's staging copy disappears by itself if the build dies halfway (no key without a TTL, I8). */
    private static final Duration STAGING_TTL = Duration.ofMinutes(10);

    private final String name;
    private final RedisExecutor redis;
    private final IdSource ids;
    private final long bits;
    private final int hashes;
    private final byte[] key;
    private final byte[] readyKey;
    /** Ids added while Redis could not be reached: not yet in the bitmap, so let through here. */
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();
    /** {@link #isReady}'s last answer, or true once this instance rebuilt the filter. */
    private volatile boolean seenReady;

    public RedisBloomFilter(String name, RedisExecutor redis, String prefix, IdSource ids, long expectedIds,
            double falsePositiveRate) {
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

    @Override
    public String name() {
        return name;
    }

    public long bits() {
        return bits;
    }

    public int hashes() {
        return hashes;
    }

    @Override
    public BloomProbe probe(long id) {
        if (!pending.isEmpty() && (pending.contains(id) || !flushPending())) {
            return null;
        }
        long[] offsets = new long[hashes];
        for (int i = 0; i < hashes; i++) {
            offsets[i] = offset(id, i);
        }
        return new BloomProbe(key, readyKey, offsets);
    }

    /** False only when the id surely does not exist; true when it may, or when the filter cannot tell. */
    public boolean mightContain(long id) {
        BloomProbe probe = probe(id);
        if (probe == null) {
            return true;
        }
        try {
            RedisBatch batch = redis.batch();
            var outcome = GuardScript.add(batch, probe, List.of(), 1);
            batch.execute();
            return outcome.get().isEmpty();
        } catch (RedisUnavailableException e) {
            return true;
        }
    }

    @Override
    public boolean isReady() {
        boolean ready;
        try {
            ready = redis.call("bloom ready", commands -> commands.exists(readyKey)) == 1L;
        } catch (RedisUnavailableException e) {
            ready = false;
        }
        seenReady = ready;
        return ready;
    }

    @Override
    public boolean lastSeenReady() {
        return seenReady;
    }

    /**
     * Adds a new id. When Redis fails the id is kept here, let through locally, and written with the next call
     * that reaches Redis; the outbox tails of the other instances add it to theirs meanwhile.
     */
    @Override
    public void add(long id) {
        pending.add(id);
        flushPending();
    }

    /** Writes the ids added while Redis was unreachable; false if Redis is still failing. */
    public boolean flushPending() {
        for (Long id : pending) {
            try {
                RedisBatch batch = redis.batch();
                byte[][] offsets = new byte[hashes][];
                for (int i = 0; i < hashes; i++) {
                    offsets[i] = bytes(Long.toString(offset(id, i)));
                }
                batch.bloomAdd(key, offsets);
                batch.execute();
                pending.remove(id);
            } catch (RedisUnavailableException e) {
                return false;
            }
        }
        return true;
    }

    /** Builds the bitmap from every existing id, ORs it into the live one and marks the filter ready. */
    @Override
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
        redis.call("bloom rebuild " + name, commands -> {
            commands.set(staging, bitmap, SetArgs.Builder.px(STAGING_TTL.toMillis()));
            commands.bitopOr(key, key, staging);
            commands.del(staging);
            return commands.set(readyKey, bytes(Long.toString(System.currentTimeMillis())));
        });
        seenReady = true;
        log.info("Bloom filter '{}' built from {} ids: {} bits, {} hashes, in {} ms", name, count[0], bits, hashes,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return count[0];
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
