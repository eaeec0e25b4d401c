package com.newsfeed.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.newsfeed.cache.guard.RedisBloomFilter;

import io.lettuce.core.cluster.SlotHash;

/**
 * The key layout (v2) without a server: each id's keys in every cache, its lease and its bloom shard hash to one
 * cluster slot (what lets every script of an id run on a cluster), and the shards fill evenly however ids are
 * spaced.
 */
class KeyLayoutTest {

    private final KeyPattern info = new KeyPattern("nf:", "art:{id}:info");
    private final KeyPattern body = new KeyPattern("nf:", "art:{id}:detail");
    private final RedisBloomFilter articles = new RedisBloomFilter("articles", null, "nf:", null, 2_000_000, 0.01);

    @Test
    void everyKeyOfAnId_itsLease_andItsBloomShard_fallInOneSlot() {
        SplittableRandom random = new SplittableRandom(7);
        LongStream ids = LongStream.concat(LongStream.of(0, 1, 1211, -1, Long.MAX_VALUE, Long.MIN_VALUE),
                random.longs(10_000));
        ids.forEach(id -> {
            int slot = SlotHash.getSlot(info.valueKey(id));
            assertThat(SlotHash.getSlot(info.leaseKey(id))).as("lease of %d", id).isEqualTo(slot);
            assertThat(SlotHash.getSlot(body.valueKey(id))).as("another cache's key of %d", id).isEqualTo(slot);
            assertThat(SlotHash.getSlot(articles.shardKey(id))).as("bloom shard of %d", id).isEqualTo(slot);
            BloomProbe probe = articles.probe(id);
            assertThat(SlotHash.getSlot(probe.bitmapKey())).isEqualTo(slot);
            assertThat(SlotHash.getSlot(probe.readyKey())).as("bloom ready key of %d", id).isEqualTo(slot);
        });
    }

    @Test
    void keys_readAsTheLayoutSays() {
        int shard = KeyLayout.shard(1211);
        assertThat(text(info.valueKey(1211))).isEqualTo("nf:v2:art:{" + shard + "}:1211:info")
                .isEqualTo(KeyLayout.key("nf:", "art:{id}:info", 1211));
        assertThat(text(info.leaseKey(1211))).isEqualTo("nf:v2:lease:art:{" + shard + "}:1211:info");
        KeyPattern single = new KeyPattern("nf:", "ch:all");
        assertThat(text(single.valueKey(5))).isEqualTo("nf:v2:{ch:all}").isEqualTo(KeyLayout.key("nf:", "ch:all"));
        assertThat(SlotHash.getSlot(single.leaseKey(5))).isEqualTo(SlotHash.getSlot(single.valueKey(5)));
    }

    @Test
    void idsWithAStride_stillFillEveryShardEvenly() {
        for (long stride : new long[] {1, 2, 4, 1024}) {
            int[] perShard = new int[KeyLayout.SHARDS];
            LongStream.range(1, 200_001).forEach(n -> perShard[KeyLayout.shard(n * stride)]++);
            int least = Integer.MAX_VALUE;
            int most = 0;
            for (int count : perShard) {
                least = Math.min(least, count);
                most = Math.max(most, count);
            }
            // About 195 ids a shard; a uniform spread stays within a few standard deviations (about 14).
            assertThat(least).as("fewest ids in a shard, stride %d", stride).isGreaterThan(120);
            assertThat(most).as("most ids in a shard, stride %d", stride).isLessThan(270);
        }
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
