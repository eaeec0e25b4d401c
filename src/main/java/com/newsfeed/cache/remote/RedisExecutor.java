package com.newsfeed.cache.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.KeyValueListOutput;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's one Redis connection, and the only way the cache talks to Redis. Reads and fills go over a single
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
    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;

    private final Supplier<StatefulRedisConnection<byte[], byte[]>> connector;
    private final RedisCircuit circuit;
    private final long timeoutNanos;
    private final long reconnectPauseNanos;
    private final Ticker ticker;
    private final Counter roundTrips;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile long nextConnectAttempt;

    /**
     * @param connector      opens the connection (Lettuce reconnects it by itself once it exists)
     * @param timeout        how long a round trip may take before it counts as failed
     * @param reconnectPause while no connection could be opened yet, how long calls fail fast between attempts
     */
    public RedisExecutor(Supplier<StatefulRedisConnection<byte[], byte[]>> connector, RedisCircuit circuit,
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

    public Batch batch() {
        return new Batch();
    }

    /** The round trips made so far: what the round-trip tests count. */
    public long roundTrips() {
        return (long) roundTrips.count();
    }

    /**
     * A rare command on the shared connection through the synchronous API (a SCAN, a bitmap rebuild, INFO): one
     * round trip per command, through the breaker, every failure mapped.
     */
    public <T> T call(String what, Function<RedisCommands<byte[], byte[]>, T> command) {
        return circuit.call(() -> {
            try {
                roundTrips.increment();
                return command.apply(connection().sync());
            } catch (RedisUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new RedisUnavailableException(what + " failed: " + e.getMessage(), e);
            }
        });
    }

    private StatefulRedisConnection<byte[], byte[]> connection() {
        StatefulRedisConnection<byte[], byte[]> open = connection;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (connection == null) {
                if (ticker.read() - nextConnectAttempt < 0) {
                    throw new RedisUnavailableException("no Redis connection yet");
                }
                StatefulRedisConnection<byte[], byte[]> opened = null;
                try {
                    opened = connector.get();
                    for (RedisScript script : LevelScripts.all()) {
                        opened.sync().scriptLoad(script.source());
                    }
                    connection = opened;
                    log.info("Cache connection to Redis open, {} scripts loaded", LevelScripts.all().size());
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

    @Override
    public void close() {
        StatefulRedisConnection<byte[], byte[]> open = connection;
        if (open != null) {
            open.close();
        }
    }

    /** The answer to one command of a batch, readable once the batch has been executed. */
    public static final class Reply<T> {

        private AsyncCommand<byte[], byte[], T> command;
        private final Runnable rebuildAsEval;
        private boolean wrongType;

        private Reply(AsyncCommand<byte[], byte[], T> command, Runnable rebuildAsEval) {
            this.command = command;
            this.rebuildAsEval = rebuildAsEval;
        }

        /** The reply; null for a missing key. Call only after {@link Batch#execute}, and not on a WRONGTYPE. */
        public T value() {
            if (wrongType) {
                throw new IllegalStateException("WRONGTYPE reply: check wrongType() first");
            }
            return command.getNow(null);
        }

        /** The key holds another type (written by another layout or release): overwrite it, never an outage. */
        public boolean wrongType() {
            return wrongType;
        }
    }

    /** Commands that go to Redis in one write and are awaited together: one round trip. */
    public final class Batch {

        private final List<Reply<?>> replies = new ArrayList<>();
        private final List<RedisCommand<byte[], byte[], ?>> pending = new ArrayList<>();

        public Reply<byte[]> get(byte[] key) {
            return add(CommandType.GET, new ValueOutput<>(CODEC), args().addKey(key), null);
        }

        /** Several string values in one command; null for each missing key. */
        public Reply<List<KeyValue<byte[], byte[]>>> mget(byte[]... keys) {
            return add(CommandType.MGET, new KeyValueListOutput<>(CODEC, Arrays.asList(keys)), args().addKeys(keys),
                    null);
        }

        public Reply<Map<byte[], byte[]>> hgetall(byte[] key) {
            return add(CommandType.HGETALL, new MapOutput<>(CODEC), args().addKey(key), null);
        }

        /** Remaining time to live in ms; -1 for none, -2 for a missing key. */
        public Reply<Long> pttl(byte[] key) {
            return add(CommandType.PTTL, new IntegerOutput<>(CODEC), args().addKey(key), null);
        }

        public Reply<Long> del(byte[]... keys) {
            return add(CommandType.DEL, new IntegerOutput<>(CODEC), args().addKeys(keys), null);
        }

        public Reply<Long> publish(byte[] channel, byte[] message) {
            return add(CommandType.PUBLISH, new IntegerOutput<>(CODEC), args().addKey(channel).addValue(message),
                    null);
        }

        /** A bloom filter add: sets the bits of one id. */
        public Reply<Long> bloomAdd(byte[] bitmapKey, byte[][] offsets) {
            return evalInteger(LevelScripts.BLOOM_ADD, new byte[][] {bitmapKey}, offsets);
        }

        /** A script that returns an integer. */
        public Reply<Long> evalInteger(RedisScript script, byte[][] keys, byte[]... arguments) {
            return eval(script, keys, arguments, () -> new IntegerOutput<>(CODEC));
        }

        /** A script that returns a table (a list of integers, strings and tables). */
        public Reply<List<Object>> evalList(RedisScript script, byte[][] keys, byte[]... arguments) {
            return eval(script, keys, arguments, () -> new NestedMultiOutput<>(CODEC));
        }

        public boolean isEmpty() {
            return pending.isEmpty();
        }

        /**
         * Sends every command added since the last execute in one write and waits for all replies (a second
         * round trip only for scripts Redis did not know).
         *
         * @throws RedisUnavailableException when Redis could not answer, or the breaker is open
         */
        public void execute() {
            if (pending.isEmpty()) {
                return;
            }
            List<RedisCommand<byte[], byte[], ?>> sending = new ArrayList<>(pending);
            List<Reply<?>> answering = new ArrayList<>(replies);
            pending.clear();
            replies.clear();
            circuit.call(() -> {
                send(sending);
                List<RedisCommand<byte[], byte[], ?>> retried = new ArrayList<>();
                for (Reply<?> reply : answering) {
                    String error = errorOf(reply.command);
                    if (error != null && error.startsWith("NOSCRIPT") && reply.rebuildAsEval != null) {
                        reply.rebuildAsEval.run();
                        retried.add(reply.command);
                    }
                }
                if (!retried.isEmpty()) {
                    send(retried);
                }
                for (Reply<?> reply : answering) {
                    String error = errorOf(reply.command);
                    if (error != null && error.startsWith("WRONGTYPE")) {
                        reply.wrongType = true;
                    } else if (error != null) {
                        throw new RedisUnavailableException("Redis answered: " + error);
                    }
                }
                return null;
            });
        }

        private void send(List<RedisCommand<byte[], byte[], ?>> commands) {
            roundTrips.increment();
            long deadline = System.nanoTime() + timeoutNanos;
            try {
                connection().dispatch(commands);
            } catch (RedisUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new RedisUnavailableException("Redis rejected the commands: " + e.getMessage(), e);
            }
            for (RedisCommand<byte[], byte[], ?> command : commands) {
                await((AsyncCommand<byte[], byte[], ?>) command, deadline);
            }
        }

        private void await(AsyncCommand<byte[], byte[], ?> command, long deadline) {
            try {
                command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                    throw new RedisUnavailableException("Redis failed: " + e.getCause(), e.getCause());
                }
                // an error reply: sorted out by execute()
            } catch (TimeoutException e) {
                throw new RedisUnavailableException("Redis did not answer in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisUnavailableException("interrupted while waiting for Redis", e);
            } catch (RuntimeException e) { // cancelled
                throw new RedisUnavailableException("Redis command cancelled: " + e.getMessage(), e);
            }
        }

        private <T> Reply<T> eval(RedisScript script, byte[][] keys, byte[][] arguments,
                Supplier<CommandOutput<byte[], byte[], T>> output) {
            CommandArgs<byte[], byte[]> bySha = args().add(script.sha()).add(keys.length).addKeys(keys)
                    .addValues(arguments);
            Reply<T>[] holder = new Reply[1];
            holder[0] = add(CommandType.EVALSHA, output.get(), bySha, () -> holder[0].command = new AsyncCommand<>(
                    new Command<>(CommandType.EVAL, output.get(), args().addValue(script.source()).add(keys.length)
                            .addKeys(keys).addValues(arguments))));
            return holder[0];
        }

        private <T> Reply<T> add(CommandType type, CommandOutput<byte[], byte[], T> output,
                CommandArgs<byte[], byte[]> arguments, Runnable rebuildAsEval) {
            AsyncCommand<byte[], byte[], T> command = new AsyncCommand<>(new Command<>(type, output, arguments));
            Reply<T> reply = new Reply<>(command, rebuildAsEval);
            pending.add(command);
            replies.add(reply);
            return reply;
        }

        private static String errorOf(AsyncCommand<byte[], byte[], ?> command) {
            if (!command.isCompletedExceptionally()) {
                return null;
            }
            try {
                command.join();
                return null;
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return cause.getMessage() == null ? cause.toString() : cause.getMessage();
            }
        }

        private static CommandArgs<byte[], byte[]> args() {
            return new CommandArgs<>(CODEC);
        }
    }
}
