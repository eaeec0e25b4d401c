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
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;


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
 *
 * <p>The bitmap is split into {@link KeyLayout#SHARDS} shards by id, each a key of its own under the id's shard
 * tag (with a ready key of its own beside it): the guard script then checks an id's bits in the slot of its values
 * and leases, and on a cluster no one key or node carries every membership check. A shard that lost its ready key
 * (its master restarted empty) lets its ids through until the next rebuild.
 */
public final class RedisBloomFilter implements IdFilter {

    private static final Logger log = LoggerFactory.getLogger(RedisBloomFilter.class);
    /** A build's staging copy disappears by itself if the build dies halfway (no key without a TTL, I8). */
    private static final Duration STAGING_TTL = Duration.ofMinutes(10);
    private static final int SHARDS_PER_BATCH = 64;

    private final String name;
    private final RedisExecutor redis;
    private final IdSource ids;
    private final long bits;
    private final int hashes;
    private final long shardBits;
    private final byte[][] keys = new byte[KeyLayout.SHARDS][];
    private final byte[][] readyKeys = new byte[KeyLayout.SHARDS][];
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
        this.shardBits = Math.max(64, (bits + KeyLayout.SHARDS - 1) / KeyLayout.SHARDS + 7 & ~7L);
        String base = prefix + KeyLayout.VERSION + "bloom:" + name + ":m" + bits + ":k" + hashes + ":";
        for (int shard = 0; shard < KeyLayout.SHARDS; shard++) {
            keys[shard] = bytes(base + KeyLayout.shardTag(shard));
            readyKeys[shard] = bytes(base + KeyLayout.shardTag(shard) + ":ready");
        }
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

    /** The bitmap key of the shard an id belongs to. */
    public byte[] shardKey(long id) {
        return keys[KeyLayout.shard(id)].clone();
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
        int shard = KeyLayout.shard(id);
        return new BloomProbe(keys[shard], readyKeys[shard], offsets);
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
            ready = redis.call("bloom ready", commands -> commands.exists(readyKeys)) == KeyLayout.SHARDS;
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
                batch.bloomAdd(keys[KeyLayout.shard(id)], offsets);
                batch.execute();
                pending.remove(id);
            } catch (RedisUnavailableException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds the bitmap from every existing id, ORs each shard into the live one and marks it ready: one script
     * per shard, 64 shards a round trip.
     */
    @Override
    public long rebuild() {
        long started = System.nanoTime();
        byte[][] bitmaps = new byte[KeyLayout.SHARDS][(int) (shardBits / 8)];
        long[] count = {0};
        ids.forEachId(id -> {
            count[0]++;
            byte[] bitmap = bitmaps[KeyLayout.shard(id)];
            for (int i = 0; i < hashes; i++) {
                long offset = offset(id, i);
                bitmap[(int) (offset >>> 3)] |= (byte) (0x80 >>> (offset & 7)); // Redis bit order: MSB first
            }
        });
        String build = ":staging:" + ProcessHandle.current().pid() + ":" + System.nanoTime();
        byte[] stagingTtl = bytes(Long.toString(STAGING_TTL.toMillis()));
        byte[] builtAt = bytes(Long.toString(System.currentTimeMillis()));
        // In batches of shards: each round trip carries a bounded part of the bitmap, so none outlasts the command
        // timeout, however large the filter (2 million ids at 1 %: 2.4 MB in all, 150 KB a batch).
        for (int from = 0; from < KeyLayout.SHARDS; from += SHARDS_PER_BATCH) {
            RedisBatch batch = redis.batch();
            for (int shard = from; shard < from + SHARDS_PER_BATCH; shard++) {
                byte[] staging = bytes(new String(keys[shard], StandardCharsets.UTF_8) + build);
                batch.bloomMerge(keys[shard], staging, readyKeys[shard], bitmaps[shard], stagingTtl, builtAt);
            }
            batch.execute();
        }
        seenReady = true;
        log.info("Bloom filter '{}' built from {} ids: {} bits in {} shards, {} hashes, in {} ms", name, count[0],
                shardBits * KeyLayout.SHARDS, KeyLayout.SHARDS, hashes,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return count[0];
    }

    /** Kirsch-Mitzenmacher double hashing: two 64-bit mixes of the id give every position within its shard. */
    private long offset(long id, int i) {
        long h1 = KeyLayout.mix(id);
        long h2 = KeyLayout.mix(id ^ 0x9E3779B97F4A7C15L) | 1;
        return Math.floorMod(h1 + i * h2, shardBits);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
