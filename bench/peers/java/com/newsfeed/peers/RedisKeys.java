package com.newsfeed.peers;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/** The harness's own Redis connection: deletes a contender's keys (by prefix) and reads their memory use. */
final class RedisKeys implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisKeys(String uri) {
        client = RedisClient.create(uri);
        connection = client.connect();
    }

    void delete(String prefix) {
        RedisCommands<String, String> commands = connection.sync();
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1_000);
        KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, match);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                commands.del(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = commands.scan(cursor, match);
        }
    }

    /** What Redis holds under the prefix: its keys, and their {@code MEMORY USAGE} summed (all of each). */
    Usage usage(String prefix) {
        RedisCommands<String, String> commands = connection.sync();
        var async = connection.async();
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1_000);
        KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, match);
        long keys = 0;
        long bytes = 0;
        while (true) {
            // SAMPLES 0: every field of a hash counted (Redisson keeps the whole map in one), not five of them.
            var sizes = cursor.getKeys().stream().map(key -> async.dispatch(CommandType.MEMORY,
                    new IntegerOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("USAGE")
                            .addKey(key).add("SAMPLES").add(0))).toList();
            for (var size : sizes) {
                Long value = size.toCompletableFuture().join();
                bytes += value == null ? 0 : value;
            }
            keys += sizes.size();
            if (cursor.isFinished()) {
                return new Usage(keys, bytes);
            }
            cursor = commands.scan(cursor, match);
        }
    }

    record Usage(long keys, long bytes) {
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
