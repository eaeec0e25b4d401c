package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.newsfeed.cache.CacheHarness.Setup;

import redis.embedded.RedisServer;

/**
 * Redis stopped and started while two instances read and write. It runs its own redis-server (never a shared
 * one) with an append-only file, so what Redis held before the outage is back after it: the case of a
 * partition rather than a restart, where a value a write during the outage could not delete comes back stale.
 */
class RedisOutageIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private RedisServer server;
    private LettuceConnectionFactory connections;
    private CacheHarness writer;
    private CacheHarness reader;
    private FakeItems items;
    private LayeredCache<Item> a;
    private LayeredCache<Item> b;

    @BeforeEach
    void startRedis() throws IOException {
        Path dataDir = Files.createTempDirectory("redis-outage");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                .setting("appendonly yes").setting("appendfsync always").setting("dir " + dataDir).build();
        server.start();
        connections = TestRedis.connect("127.0.0.1", port, Duration.ofMillis(200));
        String prefix = CacheHarness.newPrefix();
        CacheHarness.Options options = CacheHarness.Options.defaults().leaseWait(Duration.ofMillis(300))
                .connections(connections);
        writer = new CacheHarness(prefix, FULL, options);
        reader = new CacheHarness(prefix, FULL, options);
        items = new FakeItems();
        LongStream.rangeClosed(1, 20).forEach(id -> items.with(id, "v1"));
        a = writer.cache(items);
        b = reader.cache(items);
        b.getAll(LongStream.rangeClosed(1, 20).boxed().toList()); // in Redis and in B's L1, as "v1"
        a.getValue(7);
    }

    @AfterEach
    void stopRedis() throws IOException {
        writer.close();
        reader.close();
        connections.destroy();
        server.stop();
    }

    @Test
    void writeDuringAnOutage_reachesTheOtherInstancesL1ThroughTheOutbox_andIsNeverServedStaleAfterwards()
            throws IOException {
        server.stop();
        writer.inTransaction(() -> {
            items.with(7, "v2");   // a write commits while Redis is down ...
            a.evictAfterCommit(7); // ... and its delivery cannot reach Redis
        });
        assertThat(a.getValue(7).orElseThrow().name()).as("the writer dropped its own copy").isEqualTo("v2");
        assertThat(a.undelivered()).isEqualTo(1);
        assertThat(b.peekLocal(7).orElseThrow().value().name()).as("before its poll, B still holds v1")
                .isEqualTo("v1");

        reader.poll(); // the outbox tail: the database answers, Redis does not
        assertThat(b.peekLocal(7)).as("B dropped its copy from the outbox alone").isEmpty();
        assertThat(b.getValue(7).orElseThrow().name()).isEqualTo("v2");
        assertThat(b.undelivered()).as("B knows Redis still holds the old value").isEqualTo(1);

        server.start(); // back, still holding item 7 as "v1"
        b.evictLocal(7);
        assertThat(b.getValue(7).orElseThrow().name()).as("an undelivered key is never read from L2")
                .isEqualTo("v2");

        // The tail delivers the delete as soon as its connection is back.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            reader.ticker.advance(Duration.ofSeconds(3)); // past the breaker's wait in open, if it opened
            reader.poll();
            return b.undelivered() == 0;
        });
        assertThat(reader.undeliveredRows()).as("marked delivered in the outbox").isZero();
        b.evictLocal(7);
        assertThat(b.getValue(7).orElseThrow().name()).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reader.redis.opsForValue()
                .get(reader.key(7))).contains("\"name\":\"v2\""));
    }

    @Test
    void whileTheBreakerIsOpen_readsNeverWaitOnRedis_andNeverFail() throws IOException {
        server.stop();
        LongStream.rangeClosed(1, 20).forEach(b::evictLocal);
        for (long id = 1; id <= 20 && reader.circuitClosed(); id++) {
            b.getValue(id); // each Redis call fails (refused) until the breaker has seen enough
        }
        assertThat(reader.circuitClosed()).as("the breaker opened").isFalse();
        long roundTripsWhenOpen = reader.roundTrips();

        List<String> names = LongStream.rangeClosed(1, 20).mapToObj(id -> {
            b.evictLocal(id);
            return b.getValue(id).orElseThrow().name();
        }).toList();

        assertThat(names).hasSize(20).containsOnly("v1");
        assertThat(reader.roundTrips()).as("no read tried Redis while the breaker was open")
                .isEqualTo(roundTripsWhenOpen);
        assertThat(reader.count("newsfeed.cache.loads", "result", "found")).as("each read loaded once")
                .isGreaterThanOrEqualTo(20);
    }
}
