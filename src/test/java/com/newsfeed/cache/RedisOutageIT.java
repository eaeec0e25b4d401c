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
    private Path dataDir;
    private LettuceConnectionFactory connections;
    private CacheHarness writer;
    private CacheHarness reader;
    private FakeItems items;
    private LayeredCache<Item> a;
    private LayeredCache<Item> b;

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

    /**
     * A failover to a replica that had not received the last writes: the writer's delete reached the old master
     * and is gone from the new one, which serves the old value again. The run id changes; the tail replays the
     * recent outbox rows, so the old value is deleted again and no L1 keeps it.
     */
    @Test
    void failoverThatLosesADelete_isRepairedByReplayingTheOutbox() throws IOException {
        reader.maintenance.checkRedisLosses(); // the reader knows the master's run id
        Path replica = Files.createTempDirectory("redis-replica");
        copy(dataDir, replica); // the replica as of now: item 7 is "v1"

        writer.inTransaction(() -> {
            items.with(7, "v2");
            a.evictAfterCommit(7);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> b.peekLocal(7).isEmpty()); // the message reached B
        assertThat(writer.redis.hasKey(writer.key(7))).as("deleted on the old master").isFalse();

        server.stop();
        try (var stale = Files.walk(dataDir)) {
            stale.sorted(java.util.Comparator.reverseOrder()).filter(path -> !path.equals(dataDir))
                    .forEach(path -> path.toFile().delete());
        }
        copy(replica, dataDir); // the replica is promoted, without the delete
        server.start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions() // until the connection is back
                .untilAsserted(() -> assertThat(writer.redis.opsForValue().get(writer.key(7)))
                        .as("the new master serves the old value").contains("\"name\":\"v1\""));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            reader.ticker.advance(Duration.ofSeconds(3)); // past the breaker's wait in open, if it opened
            reader.maintenance.checkRedisLosses();
            return !Boolean.TRUE.equals(reader.redis.hasKey(reader.key(7)));
        });
        b.evictLocal(7);
        assertThat(b.getValue(7).orElseThrow().name()).as("read after the replay").isEqualTo("v2");
        assertThat(reader.undeliveredRows()).as("replayed and marked delivered again").isZero();
    }

    /**
     * A Redis that takes messages but refuses writes (here for want of replicas; a demoted master answers
     * READONLY alike): the writer's delete is refused, so its message must not go out, or the other instances
     * would trust it and refill their L1 from the old L2 entry. They hold the key from the outbox instead.
     */
    @Test
    void deleteRedisRefuses_isNeverAnnounced_andTheOutboxDeliversItLater() {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        var listener = com.newsfeed.cache.remote.RedisConnectors.pubSub(connections::getRequiredNativeClient, io.lettuce.core.codec.StringCodec.UTF8).get();
        listener.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                heard.add(message);
            }
        });
        String channel = writer.prefix + "invalidations";
        listener.sync().subscribe(channel);
        setConfig("min-replicas-to-write", "1");
        writer.inTransaction(() -> {
            items.with(7, "v2");
            a.evictAfterCommit(7);
        });
        assertThat(a.undelivered()).as("the writer knows Redis did not take it").isEqualTo(1);
        writer.redis.convertAndSend(channel, "end"); // after any message the write sent, in the channel's order
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("end"));
        listener.close();
        assertThat(heard).as("no message announced the refused delete").noneMatch(m -> m.startsWith("v3 "));

        reader.poll();
        assertThat(b.getValue(7).orElseThrow().name()).as("B held the key: not read from the old L2 entry")
                .isEqualTo("v2");
        assertThat(reader.redis.opsForValue().get(reader.key(7))).as("still the old value in Redis")
                .contains("\"name\":\"v1\"");

        setConfig("min-replicas-to-write", "0");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            reader.ticker.advance(Duration.ofSeconds(3)); // past the breaker's wait in open, if it opened
            reader.poll();
            return b.undelivered() == 0;
        });
        assertThat(reader.redis.hasKey(reader.key(7))).as("the tail deleted it").isFalse();
    }

    private void setConfig(String name, String value) {
        connections.getConnection().serverCommands().setConfig(name, value);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
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
