package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.unit.DataSize;

import com.newsfeed.cache.CacheHarness.Setup;

import redis.embedded.RedisServer;

/**
 * Redis stopped and started under load. It runs its own redis-server (never a shared one), with an append-only
 * file, so what Redis held before the outage is back after it: the case of a partition rather than a restart,
 * where a value that a write during the outage could not delete would come back stale.
 */
class RedisOutageIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private Path dataDir;
    private RedisServer server;
    private LettuceConnectionFactory connections;
    private CacheHarness writer;
    private CacheHarness reader;

    @BeforeEach
    void startRedis() throws IOException {
        dataDir = Files.createTempDirectory("redis-outage");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                .setting("appendonly yes").setting("appendfsync always").setting("dir " + dataDir).build();
        server.start();
        connections = TestRedis.connect("127.0.0.1", port, Duration.ofMillis(200));
        String prefix = CacheHarness.newPrefix();
        writer = new CacheHarness(prefix, FULL, Duration.ofMillis(300), connections, DataSize.ofMegabytes(8));
        reader = new CacheHarness(prefix, FULL, Duration.ofMillis(300), connections, DataSize.ofMegabytes(8));
    }

    @AfterEach
    void stopRedis() throws IOException {
        connections.destroy();
        server.stop();
    }

    @Test
    void readsSucceedThroughAnOutage_andAWriteMadeDuringItIsNeverServedStaleAfterwards() throws Exception {
        FakeItems items = new FakeItems();
        LongStream.rangeClosed(1, 50).forEach(id -> items.with(id, "v1"));
        LayeredCache<Item> a = writer.cache(items);
        LayeredCache<Item> b = reader.cache(items);
        a.getAll(LongStream.rangeClosed(1, 50).boxed().toList()); // all 50 in Redis, as "v1"

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger staleAfterRecovery = new AtomicInteger();
        AtomicBoolean recovered = new AtomicBoolean();
        AtomicInteger readsOfItem7AfterRecovery = new AtomicInteger();
        List<Long> latenciesMicros = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = new Thread(() -> {
            while (running.get()) {
                long id = ThreadLocalRandom.current().nextLong(1, 51);
                b.evictLocal(id); // read through L2 every time: the hardest case for staleness
                long started = System.nanoTime();
                try {
                    Item item = b.getValue(id).orElseThrow();
                    if (recovered.get() && id == 7) {
                        readsOfItem7AfterRecovery.incrementAndGet();
                        if (item.name().equals("v1")) {
                            staleAfterRecovery.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
                latenciesMicros.add((System.nanoTime() - started) / 1_000);
            }
        });
        load.start();

        server.stop();
        items.with(7, "v2");              // a write commits while Redis is down ...
        a.evict(7);                       // ... and its eviction cannot reach Redis
        assertThat(a.pendingEvictions()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(reader::circuitDistrustsL2); // its breaker opened

        server.start();                   // Redis is back, still holding item 7 as "v1"
        // The reader notices first (its one-second schedule probes the breaker) ...
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            reader.probe();
            return reader.circuitClosed();
        });
        recovered.set(true);
        // ... and reads item 7 many times before the writer, slower to notice, delivers its eviction.
        await().atMost(Duration.ofSeconds(5)).until(() -> readsOfItem7AfterRecovery.get() >= 50);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            writer.probe();
            a.deliverPendingEvictions();
            return a.pendingEvictions() == 0;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> !reader.circuitDistrustsL2());
        running.set(false);
        load.join(5_000);

        assertThat(failures).as("reads that failed during or after the outage").hasValue(0);
        assertThat(staleAfterRecovery).as("reads of item 7 that returned the value from before the write")
                .hasValue(0);
        assertThat(b.getValue(7).orElseThrow().name()).isEqualTo("v2");
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        sorted.sort(null);
        System.out.printf("reads during the outage test: %d, p50 %d us, p99 %d us, failures %d%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 99 / 100), failures.get());
    }
}
