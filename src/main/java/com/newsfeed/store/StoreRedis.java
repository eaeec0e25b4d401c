package com.newsfeed.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.remote.RedisConnectors;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.DoubleOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * The store's one multiplexed connection, and the boundary every store call goes through: a failure of any kind
 * (refused while disconnected, a timeout, a cancelled command, an error reply) becomes a
 * {@link StoreUnavailableException}. Commands are sent asynchronously, so the several of one request share a round
 * trip (Lettuce pipelines them on the connection). No request thread ever opens a connection: that is done at
 * start-up, and in the background whenever there is none, while calls fail at once.
 */
public final class StoreRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreRedis.class);

    private final Supplier<StatefulConnection<String, String>> connector;
    private final String keyPrefix;
    private final Duration timeout;
    private final Duration reconnectPause;
    private final Ticker ticker;
    private final Executor background;
    private final Runnable afterClose;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile StatefulConnection<String, String> connection;
    private volatile boolean closed;
    private volatile long nextAttempt;

    /**
     * @param connector      opens a connection (Lettuce reconnects it by itself once it exists, unless it is
     *                       closed for good, as its client's shutdown does)
     * @param reconnectPause after a failed attempt to open one, how long before the next
     * @param background     where connections are opened after start-up
     * @param afterClose     what else closes with the connection (its own client, if it has one)
     */
    StoreRedis(Supplier<StatefulConnection<String, String>> connector, String keyPrefix, Duration timeout,
            Duration reconnectPause, Ticker ticker, Executor background, Runnable afterClose) {
        this.connector = connector;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.reconnectPause = reconnectPause;
        this.ticker = ticker;
        this.background = background;
        this.afterClose = afterClose;
        this.nextAttempt = ticker.read();
    }

    /** The full name of a store key (the prefix first). */
    public String key(String name) {
        return keyPrefix + name;
    }

    /**
     * The commands of the open connection; without one (none could be opened yet, or the last was closed for good),
     * fails with {@link StoreUnavailableException} at once and has one opened in the background.
     */
    public RedisClusterAsyncCommands<String, String> commands() {
        return RedisConnectors.async(open());
    }

    /**
     * Sends the commands in one write to the connection (one flush, where Lettuce's own API flushes each), each
     * completing on its own: a transaction's counter changes, or a flush's thousands of increments.
     */
    public <T> List<CompletableFuture<T>> sendAll(List<AsyncCommand<String, String, T>> commands) {
        open().dispatch(commands);
        return List.copyOf(commands);
    }

    /** {@code ZINCRBY key delta member}, to send with {@link #sendAll}. */
    public static AsyncCommand<String, String, Double> zincrby(String key, long delta, String member) {
        return new AsyncCommand<>(new Command<>(CommandType.ZINCRBY, new DoubleOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey(key).add(delta).addValue(member)));
    }

    /** {@code ZADD key GT score member}: the member's score raised to {@code score} if lower (or added). */
    public static AsyncCommand<String, String, Long> zaddGreater(String key, long score, String member) {
        return new AsyncCommand<>(new Command<>(CommandType.ZADD, new IntegerOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey(key).add("GT").add(score).addValue(member)));
    }

    private StatefulConnection<String, String> open() {
        StatefulConnection<String, String> open = connection;
        if (open != null && !isClosed(open)) {
            return open;
        }
        reconnectInBackground();
        throw new StoreUnavailableException("no connection to the store (reconnecting)", null);
    }

    /** Opens the connection on this thread: at start-up, so that the first requests find it open. */
    void connectNow() {
        if (connecting.compareAndSet(false, true)) {
            connect();
        }
    }

    /** The reply, failed with a {@link TimeoutException} if it takes longer than the store's timeout. */
    public <T> CompletableFuture<T> bounded(CompletionStage<T> reply) {
        return reply.toCompletableFuture().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The reply, or the failure as {@link StoreUnavailableException} (the store's timeout at the most). */
    public <T> T await(CompletionStage<T> reply) {
        try {
            return reply.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("store command timed out after " + timeout, e);
        } catch (RuntimeException e) { // a command cancelled with its connection's close or reset
            throw unavailable(e);
        }
    }

    private static StoreUnavailableException unavailable(Throwable failure) {
        return failure instanceof StoreUnavailableException unavailable ? unavailable
                : new StoreUnavailableException("store command failed: " + failure, failure);
    }

    /** Closed for good (by its client's shutdown): unlike a dropped connection, Lettuce never reconnects it. */
    private static boolean isClosed(StatefulConnection<String, String> connection) {
        return connection instanceof RedisChannelHandler<?, ?> handler && handler.isClosed();
    }

    private void reconnectInBackground() {
        if (closed || ticker.read() - nextAttempt < 0 || !connecting.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(this::connect);
        } catch (RuntimeException e) { // the executor shut down with the context
            connecting.set(false);
        }
    }

    /** Runs with {@code connecting} set, and clears it. */
    private void connect() {
        try {
            StatefulConnection<String, String> old = connection;
            if (closed || (old != null && !isClosed(old))) {
                return;
            }
            StatefulConnection<String, String> opened = connector.get();
            connection = opened;
            if (closed) { // closed while it was being opened
                opened.closeAsync();
            }
            log.info("Store connection open");
        } catch (RuntimeException e) {
            nextAttempt = ticker.read() + reconnectPause.toNanos();
            log.warn("No connection to the store ({}); trying again in {}", e.getMessage(), reconnectPause);
        } finally {
            connecting.set(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        StatefulConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
        afterClose.run();
    }
}
