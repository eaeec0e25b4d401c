package com.newsfeed.cache.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's one Redis connection, and the only way the cache talks to Redis. It is a connection to one server or
 * to a cluster (see {@link RedisConnectors}): on a cluster, the commands of one round trip are split by slot and
 * written to each master involved at once, so a batch costs one round trip per node it touches, in parallel.
 * Reads and fills go over a single
 * Lettuce connection shared by every thread: Lettuce's connections are thread-safe and multiplexed, so commands
 * from concurrent requests pipeline on it by themselves and no request waits for a pooled connection (a pool of
 * dedicated connections made request threads queue in {@code borrowObject}; see the read-path issue). A
 * {@link Batch} goes out as one write of all its commands ({@code dispatch} of a collection, one flush), so a
 * read of an article's info, body and author is one round trip, whatever the number of keys. Pub/sub has its own
 * connection (a subscribed connection can do nothing else); nothing in the cache uses transactions or blocking
 * commands, the other two reasons for a dedicated connection.
 *
 * <p>Every call goes through the {@link RedisCircuit}, and every failure of any kind ends as a
 * {@link RedisUnavailableException} (invariant I6). WRONGTYPE replies are not failures: they are reported on
 * their reply (an entry written by another layout), and NOSCRIPT replies are retried with the script's source.
 * Redis may be down when the service starts: the connection is then opened by the first call after it is back.
 */
public final class RedisExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutor.class);

    private final Supplier<StatefulConnection<byte[], byte[]>> connector;
    private final RedisCircuit circuit;
    private static final String CLOSED = "Connection is closed";

    private final long timeoutNanos;
    private final long reconnectPauseNanos;
    private final Ticker ticker;
    private final Counter roundTrips;
    private volatile StatefulConnection<byte[], byte[]> connection;
    private volatile long nextConnectAttempt;

    /**
     * @param connector      opens the connection (Lettuce reconnects it by itself once it exists)
     * @param timeout        how long a round trip may take before it counts as failed
     * @param reconnectPause while no connection could be opened yet, how long calls fail fast between attempts
     */
    public RedisExecutor(Supplier<StatefulConnection<byte[], byte[]>> connector, RedisCircuit circuit,
            Duration timeout, Duration reconnectPause, Ticker ticker, MeterRegistry meters) {
        this.connector = connector;
        this.circuit = circuit;
        this.timeoutNanos = timeout.toNanos();
        this.reconnectPauseNanos = reconnectPause.toNanos();
        this.ticker = ticker;
        this.nextConnectAttempt = ticker.read();
        this.roundTrips = Counter.builder("newsfeed.cache.redis.round.trips")
                .description("Writes of one or more commands to Redis, each awaited as one round trip")
                .register(meters);
    }

    public RedisBatch batch() {
        return new RedisBatch(this, false);
    }

    /**
     * A batch whose commands on one key take effect in the order they were added, even on a Redis that lost its
     * script cache (a restart, a failover): scripts go with their source, so none is retried after the commands
     * behind it. (On a cluster, commands of different slots run on their nodes in any order; nothing relies on an
     * order across keys.) Deliveries use it.
     */
    public RedisBatch orderedBatch() {
        return new RedisBatch(this, true);
    }

    /** The round trips made so far: what the round-trip tests count. */
    public long roundTrips() {
        return (long) roundTrips.count();
    }

    /**
     * A rare command on the shared connection through the synchronous API (a SCAN, a bitmap rebuild, INFO): one
     * round trip per command, through the breaker, every failure mapped.
     */
    public <T> T call(String what, Function<RedisClusterCommands<byte[], byte[]>, T> command) {
        return circuit.call(() -> {
            StatefulConnection<byte[], byte[]> used = connection();
            try {
                roundTrips.increment();
                return command.apply(RedisConnectors.sync(used));
            } catch (RuntimeException e) {
                forgetIfClosed(used, e);
                throw e instanceof RedisUnavailableException unavailable ? unavailable
                        : new RedisUnavailableException(what + " failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Which servers hold the cache's keys now: of the server, or of every master of a cluster serving slots, its
     * role, run id (new at every start) and replication id (new at every promotion, so a master that was failed over
     * and back again still reads as changed). It changes when a server restarted empty or a replica took over,
     * either of which may have lost recent deletes (replication is asynchronous): what the failover check watches.
     * A node the topology still lists as a master but that answers as a replica reads as a change too.
     */
    public String serverIdentity() {
        return call("info", commands -> {
            if (commands instanceof RedisAdvancedClusterCommands<byte[], byte[]> cluster) {
                List<String> masters = new ArrayList<>();
                // A failed master keeps its role in the topology, but has lost its slots.
                cluster.nodes(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()
                        && !node.is(RedisClusterNode.NodeFlag.FAIL)).commands().info()
                        .forEach(info -> masters.add(identity(info)));
                Collections.sort(masters);
                return String.join(",", masters);
            }
            return identity(commands.info());
        });
    }

    private static String identity(String info) {
        return field(info, "role") + ":" + field(info, "run_id") + ":" + field(info, "master_replid");
    }

    private static String field(String info, String name) {
        return info.lines().filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse("");
    }

    private StatefulConnection<byte[], byte[]> connection() {
        StatefulConnection<byte[], byte[]> open = connection;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (connection == null) {
                if (ticker.read() - nextConnectAttempt < 0) {
                    throw new RedisUnavailableException("no Redis connection yet");
                }
                StatefulConnection<byte[], byte[]> opened = null;
                try {
                    opened = connector.get();
                    preloadScripts(opened);
                    connection = opened;
                } catch (RuntimeException e) {
                    if (opened != null) {
                        opened.closeAsync();
                    }
                    nextConnectAttempt = ticker.read() + reconnectPauseNanos;
                    throw new RedisUnavailableException("cannot connect to Redis: " + e.getMessage(), e);
                }
            }
            return connection;
        }
    }

    /**
     * Loads every script, so that none costs a NOSCRIPT round trip. On a server a failure fails the connection (it
     * does not work); on a cluster Lettuce loads them on every node the topology lists, failed ones and replicas
     * included, so one node down must not keep the cache off all the others: there the load is best effort, and a
     * node that missed it answers NOSCRIPT once per script, retried with the source.
     */
    private static void preloadScripts(StatefulConnection<byte[], byte[]> opened) {
        boolean cluster = opened instanceof StatefulRedisClusterConnection<byte[], byte[]>;
        List<String> missed = new ArrayList<>();
        for (RedisScript script : LevelScripts.all()) {
            try {
                RedisConnectors.sync(opened).scriptLoad(script.source());
            } catch (RuntimeException e) {
                if (!cluster) {
                    throw e;
                }
                missed.add(script.name() + " (" + e.getMessage() + ")");
            }
        }
        if (missed.isEmpty()) {
            log.info("Cache connection to Redis open, {} scripts loaded", LevelScripts.all().size());
        } else {
            log.warn("Cache connection to the Redis Cluster open; not loaded on every node: {}", missed);
        }
    }

    @Override
    public void close() {
        StatefulConnection<byte[], byte[]> open = connection;
        if (open != null) {
            open.close();
        }
    }

    /** Runs a batch's round trips through the breaker. */
    <T> T guarded(Supplier<T> call) {
        return circuit.call(call);
    }

    /** One round trip: writes every command at once (one flush), then awaits every reply until the timeout. */
    void send(List<RedisCommand<byte[], byte[], ?>> commands) {
        roundTrips.increment();
        StatefulConnection<byte[], byte[]> used = connection();
        long deadline = System.nanoTime() + timeoutNanos; // after a reconnect, not counting it
        try {
            used.dispatch(commands);
        } catch (RuntimeException e) {
            forgetIfClosed(used, e);
            throw new RedisUnavailableException("Redis rejected the commands: " + e.getMessage(), e);
        }
        try {
            for (RedisCommand<byte[], byte[], ?> command : commands) {
                await((AsyncCommand<byte[], byte[], ?>) command, deadline);
            }
        } catch (RedisUnavailableException e) {
            forgetIfClosed(used, e);
            throw e;
        }
    }

    /**
     * A connection closed for good (by its own or its client's shutdown; Lettuce says "Connection is closed") never
     * reconnects, unlike one Redis dropped: it is forgotten, so the next call opens a new one.
     */
    private void forgetIfClosed(StatefulConnection<byte[], byte[]> used, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisException && CLOSED.equals(cause.getMessage())) {
                synchronized (this) {
                    if (connection == used) {
                        connection = null;
                        used.closeAsync(); // closed already, as Lettuce says; a safeguard that costs nothing
                        log.warn("Cache connection to Redis was closed; the next call opens a new one");
                    }
                }
                return;
            }
        }
    }

    private static void await(AsyncCommand<byte[], byte[], ?> command, long deadline) {
        try {
            command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                throw new RedisUnavailableException("Redis failed: " + e.getCause(), e.getCause());
            }
            // an error reply: sorted out by the batch
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("Redis did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for Redis", e);
        } catch (RuntimeException e) { // cancelled
            throw new RedisUnavailableException("Redis command cancelled: " + e.getMessage(), e);
        }
    }
}
