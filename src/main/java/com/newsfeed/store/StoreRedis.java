package com.newsfeed.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The store's one multiplexed connection, and the boundary every store call goes through: a failure of any kind
 * (refused while disconnected, a timeout, an error reply) becomes a {@link StoreUnavailableException}. Commands are
 * sent asynchronously, so the several of one request share a round trip (Lettuce pipelines them on the connection).
 */
public final class StoreRedis implements AutoCloseable {

    private static final String CLOSED = "Connection is closed";

    private final Supplier<StatefulRedisConnection<String, String>> connector;
    private final String keyPrefix;
    private final Duration timeout;
    private final Duration reconnectPause;
    private final Ticker ticker;
    private final Runnable afterClose;
    private volatile StatefulRedisConnection<String, String> connection;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile boolean closed;
    private long nextAttempt;

    /**
     * @param connector      opens a connection: at the first command, and again once the one in use was closed
     * @param reconnectPause after a failed attempt to open one, how long calls fail fast before the next
     * @param afterClose     what else closes with the connection (its own client, if it has one)
     */
    StoreRedis(Supplier<StatefulRedisConnection<String, String>> connector, String keyPrefix, Duration timeout,
            Duration reconnectPause, Ticker ticker, Runnable afterClose) {
        this.connector = connector;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.reconnectPause = reconnectPause;
        this.ticker = ticker;
        this.afterClose = afterClose;
        this.nextAttempt = ticker.read();
    }

    /** The full name of a store key (the prefix first). */
    public String key(String name) {
        return keyPrefix + name;
    }

    /**
     * The commands of the connection, opened at the first call; fails with {@link StoreUnavailableException} when
     * it cannot be opened, and then fails fast for {@code reconnectPause} before it tries again. Lettuce reconnects
     * a connection Redis dropped by itself; one closed for good is forgotten (see {@link #failed}).
     */
    public RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> open = connection;
        return (open != null && !isClosed(open) ? open : open()).async();
    }

    /** Closed for good (by its client's shutdown): unlike a dropped connection, Lettuce never reconnects it. */
    private static boolean isClosed(StatefulRedisConnection<String, String> connection) {
        return connection instanceof RedisChannelHandler<?, ?> handler && handler.isClosed();
    }

    /**
     * Tells the store of a command that failed: a connection that says it is closed ("Connection is closed": its
     * client was shut down, which no reconnect undoes) is forgotten, so the next call opens a new one.
     */
    public void failed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisException && CLOSED.equals(cause.getMessage())) {
                connecting.lock();
                try {
                    StatefulRedisConnection<String, String> used = connection;
                    if (used != null && !used.isOpen()) {
                        connection = null;
                        used.closeAsync();
                    }
                } finally {
                    connecting.unlock();
                }
                return;
            }
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
            Throwable cause = e.getCause() instanceof StoreUnavailableException unavailable ? unavailable.getCause()
                    : e.getCause();
            failed(cause);
            throw e.getCause() instanceof StoreUnavailableException unavailable ? unavailable
                    : new StoreUnavailableException("store command failed: " + e.getCause().getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("store command timed out after " + timeout, e);
        }
    }

    /**
     * Opens the connection now, if it can: at start-up, so that the first requests find it open. A failure is left
     * for the first command to meet again (after the reconnect pause).
     */
    void connectNow() {
        try {
            commands();
        } catch (StoreUnavailableException e) {
            // the service starts without its store; the calls fail fast until it answers
        }
    }

    /**
     * One caller connects; the others wait for it no longer than a command may take, then fail (a request must not
     * hang on a store that does not answer).
     */
    private StatefulRedisConnection<String, String> open() {
        try {
            if (!connecting.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreUnavailableException("still connecting to the store", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while connecting to the store", e);
        }
        try {
            if (connection != null && !isClosed(connection)) {
                return connection;
            }
            connection = null;
            if (closed) {
                throw new StoreUnavailableException("the store is closed", null);
            }
            if (ticker.read() - nextAttempt < 0) {
                throw new StoreUnavailableException("no connection to the store yet", null);
            }
            try {
                connection = connector.get();
                return connection;
            } catch (RuntimeException e) {
                nextAttempt = ticker.read() + reconnectPause.toNanos();
                throw new StoreUnavailableException("no connection to the store: " + e.getMessage(), e);
            }
        } finally {
            connecting.unlock();
        }
    }

    @Override
    public void close() {
        connecting.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
            }
            afterClose.run();
        } finally {
            connecting.unlock();
        }
    }
}
