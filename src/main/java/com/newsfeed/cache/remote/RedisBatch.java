package com.newsfeed.cache.remote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.lettuce.core.KeyValue;
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

/**
 * Commands that go to Redis in one write and are awaited together: one round trip (a second one only for scripts
 * Redis did not know, unless the batch is ordered: see {@link RedisExecutor#orderedBatch()}). Built on Lettuce's
 * own command types, since its command API flushes each command on its own.
 */
public final class RedisBatch {

    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;

    private final RedisExecutor redis;
    private final boolean ordered;
    private final List<RedisReply<?>> replies = new ArrayList<>();
    private final List<RedisCommand<byte[], byte[], ?>> pending = new ArrayList<>();

    RedisBatch(RedisExecutor redis, boolean ordered) {
        this.redis = redis;
        this.ordered = ordered;
    }

    public RedisReply<byte[]> get(byte[] key) {
        return add(CommandType.GET, new ValueOutput<>(CODEC), args().addKey(key), null);
    }

    /** Several string values in one command; null for each missing key. */
    public RedisReply<List<KeyValue<byte[], byte[]>>> mget(byte[]... keys) {
        return add(CommandType.MGET, new KeyValueListOutput<>(CODEC, Arrays.asList(keys)), args().addKeys(keys),
                null);
    }

    public RedisReply<Map<byte[], byte[]>> hgetall(byte[] key) {
        return add(CommandType.HGETALL, new MapOutput<>(CODEC), args().addKey(key), null);
    }

    /** Remaining time to live in ms; -1 for none, -2 for a missing key. */
    public RedisReply<Long> pttl(byte[] key) {
        return add(CommandType.PTTL, new IntegerOutput<>(CODEC), args().addKey(key), null);
    }

    public RedisReply<Long> del(byte[]... keys) {
        return add(CommandType.DEL, new IntegerOutput<>(CODEC), args().addKeys(keys), null);
    }

    public RedisReply<Long> publish(byte[] channel, byte[] message) {
        return add(CommandType.PUBLISH, new IntegerOutput<>(CODEC), args().addKey(channel).addValue(message),
                null);
    }

    /** A bloom filter add: sets the bits of one id. */
    public RedisReply<Long> bloomAdd(byte[] bitmapKey, byte[][] offsets) {
        return evalInteger(LevelScripts.BLOOM_ADD, new byte[][] {bitmapKey}, offsets);
    }

    /** A bloom filter build's shard: ORs the bitmap into the live one and marks the shard ready (see the script). */
    public RedisReply<Long> bloomMerge(byte[] bitmapKey, byte[] stagingKey, byte[] readyKey, byte[] bitmap,
            byte[] stagingTtlMillis, byte[] builtAt) {
        return evalInteger(LevelScripts.BLOOM_MERGE, new byte[][] {bitmapKey, stagingKey, readyKey}, bitmap,
                stagingTtlMillis, builtAt);
    }

    /** A script that returns an integer. */
    public RedisReply<Long> evalInteger(RedisScript script, byte[][] keys, byte[]... arguments) {
        return eval(script, keys, arguments, () -> new IntegerOutput<>(CODEC));
    }

    /** A script that returns a table (a list of integers, strings and tables). */
    public RedisReply<List<Object>> evalList(RedisScript script, byte[][] keys, byte[]... arguments) {
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
        List<RedisReply<?>> answering = new ArrayList<>(replies);
        pending.clear();
        replies.clear();
        redis.guarded(() -> {
            redis.send(sending);
            List<RedisCommand<byte[], byte[], ?>> retried = new ArrayList<>();
            for (RedisReply<?> reply : answering) {
                String error = errorOf(reply.command);
                if (error != null && error.startsWith("NOSCRIPT") && reply.rebuildAsEval != null) {
                    reply.rebuildAsEval.run();
                    retried.add(reply.command);
                }
            }
            if (!retried.isEmpty()) {
                redis.send(retried);
            }
            for (RedisReply<?> reply : answering) {
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

    private <T> RedisReply<T> eval(RedisScript script, byte[][] keys, byte[][] arguments,
            Supplier<CommandOutput<byte[], byte[], T>> output) {
        if (ordered) {
            return add(CommandType.EVAL, output.get(), scriptArgs(args().addValue(script.source()), keys, arguments),
                    null);
        }
        CommandArgs<byte[], byte[]> bySha = scriptArgs(args().add(script.sha()), keys, arguments);
        @SuppressWarnings("unchecked")
        RedisReply<T>[] holder = new RedisReply[1];
        holder[0] = add(CommandType.EVALSHA, output.get(), bySha, () -> holder[0].command = new AsyncCommand<>(
                new Command<>(CommandType.EVAL, output.get(),
                        scriptArgs(args().addValue(script.source()), keys, arguments))));
        return holder[0];
    }

    /** EVAL and EVALSHA after their first argument (the source or its digest): key count, keys, arguments. */
    private static CommandArgs<byte[], byte[]> scriptArgs(CommandArgs<byte[], byte[]> script, byte[][] keys,
            byte[][] arguments) {
        return script.add(keys.length).addKeys(keys).addValues(arguments);
    }

    private <T> RedisReply<T> add(CommandType type, CommandOutput<byte[], byte[], T> output,
            CommandArgs<byte[], byte[]> arguments, Runnable rebuildAsEval) {
        AsyncCommand<byte[], byte[], T> command = new AsyncCommand<>(new Command<>(type, output, arguments));
        RedisReply<T> reply = new RedisReply<>(command, rebuildAsEval);
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
