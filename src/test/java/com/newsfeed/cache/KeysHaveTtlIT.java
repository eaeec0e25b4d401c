package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DataType;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.remote.KeyLayout;

/**
 * Invariant I8: no key the cache writes lives without a TTL (values, markers, lists, leases), but the bloom filters'
 * bitmap and ready keys.
 */
class KeysHaveTtlIT {

    private CacheHarness harness;

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void everyKeyTheCacheWrites_hasATtl_butTheBloomFilters() throws Exception {
        harness = new CacheHarness(new Setup("L1 + L2 hash", true, L2Layout.HASH, true));
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 50).forEach(id -> items.with(id, "n" + id));
        RedisBloomFilter filter = harness.bloomFilter(items);
        List<String> monitored = new ArrayList<>();
        List<Socket> monitors = new ArrayList<>();
        List<CompletableFuture<Void>> readings = new ArrayList<>();
        try {
            for (int port : TestRedis.serverPorts()) { // every master of a cluster
                Socket monitor = new Socket("127.0.0.1", port);
                monitors.add(monitor);
                readings.add(watch(monitor, monitored));
            }
            filter.rebuild();
            LayeredCache<Item> cache = harness.versionedCache(items);
            cache.getAll(LongStream.rangeClosed(1, 60).boxed().toList()); // values and absent markers
            items.holdNext();
            CompletableFuture<?> reader = CompletableFuture.supplyAsync(() -> cache.get(70)); // a lease, held
            assertThat(items.readDone.await(5, TimeUnit.SECONDS)).isTrue();
            cache.updateAfterCommit(3, new Item(3, "edited", 31, List.of(), Item.of(3, "x").at(), null, null),
                    Set.of("name", "score"));
            FakeList source = new FakeList().range(1, 10);
            ListCache lists = harness.listCache(source);
            lists.after(1, null, 5); // a sorted set, and its marker
            lists.addAfterCommit(1, new ListEntry(11, 11_000)); // updated in place
            lists.after(2, null, 5);
            lists.removeAfterCommit(2, 10);
            source.holdNextRebuild();
            CompletableFuture<?> listReader = CompletableFuture.supplyAsync(() -> lists.after(3, null, 5));
            assertThat(source.readDone.await(5, TimeUnit.SECONDS)).isTrue(); // its lease, held
            assertThat(harness.redis.type(KeyLayout.key(harness.prefix, "list:{id}", 1))).isEqualTo(DataType.ZSET);
            assertThat(harness.redis.hasKey(KeyLayout.key(harness.prefix, "lease:list:{id}", 3))).isTrue();

            for (String key : harness.redis.keys(harness.prefix + "*")) {
                long ttl = harness.redis.getExpire(key, TimeUnit.MILLISECONDS);
                if (key.contains(":bloom:")) {
                    assertThat(ttl).as("bloom key %s", key).isEqualTo(-1);
                } else {
                    assertThat(ttl).as("key %s", key).isPositive();
                }
            }
            items.open();
            source.open();
            reader.get(5, TimeUnit.SECONDS);
            listReader.get(5, TimeUnit.SECONDS);
        } finally {
            for (Socket monitor : monitors) {
                monitor.close();
            }
        }
        CompletableFuture.allOf(readings.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS); // readers done
        List<String> stagingWrites = monitored.stream().filter(line -> line.contains(":staging:")
                && line.contains("\"SET\"")).toList();
        assertThat(stagingWrites).as("the bloom build's staging copy of each shard").hasSize(KeyLayout.SHARDS);
        assertThat(stagingWrites).allSatisfy(write -> assertThat(write).containsIgnoringCase("\"PX\""));
    }

    /** Redis's MONITOR on a plain socket: every command the server runs, one line each. */
    private static CompletableFuture<Void> watch(Socket monitor, List<String> lines) throws Exception {
        OutputStream out = monitor.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(),
                StandardCharsets.ISO_8859_1));
        String ok = in.readLine();
        assertThat(ok).isEqualTo("+OK");
        return CompletableFuture.runAsync(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line.length() > 400 ? line.substring(0, 200) + line.substring(line.length() - 200)
                                : line);
                    }
                }
            } catch (java.io.IOException e) {
                // the socket closed: done
            }
        });
    }
}
