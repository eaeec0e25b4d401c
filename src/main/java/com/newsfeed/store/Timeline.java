package com.newsfeed.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One capped list per owner, newest first: a sorted set of ids scored by time (a user's reading history,
 * {@code user:{id}:his:reading}). Adding is {@code ZADD} then {@code ZREMRANGEBYRANK} down to the newest
 * {@code size}, written by the consumer of reading events (never on the request path).
 */
public final class Timeline {

    /** An id to add to its owner's timeline, at a time (epoch milliseconds). */
    public record Added(long ownerId, long id, long at) {
    }

    /** One entry: the id and when it was added (epoch milliseconds). */
    public record Entry(long id, long at) {
    }

    /** A page of entries, newest first, with how many the timeline holds. */
    public record Page(List<Entry> entries, long total) {
    }

    private final StoreRedis store;
    private final String keyPattern;
    private final int size;

    Timeline(StoreRedis store, String keyPattern, int size) {
        this.store = store;
        this.keyPattern = keyPattern;
        this.size = size;
    }

    /**
     * Adds each id to its owner's timeline at its time (an id already there moves only to a newer time:
     * {@code ZADD GT}, so an older entry delivered late changes nothing), then drops all but the newest of each
     * owner: every command pipelined, then awaited. Fails with {@link StoreUnavailableException}.
     */
    public void addAll(List<Added> entries) {
        Map<Long, List<Added>> byOwner = entries.stream()
                .collect(Collectors.groupingBy(Added::ownerId, LinkedHashMap::new, Collectors.toList()));
        RedisClusterAsyncCommands<String, String> commands = store.commands();
        List<RedisFuture<Long>> replies = new ArrayList<>();
        byOwner.forEach((owner, added) -> {
            String key = key(owner);
            @SuppressWarnings("unchecked")
            ScoredValue<String>[] members = added.stream()
                    .map(entry -> ScoredValue.just(entry.at(), Long.toString(entry.id()))).toArray(ScoredValue[]::new);
            replies.add(commands.zadd(key, ZAddArgs.Builder.gt(), members));
            replies.add(commands.zremrangebyrank(key, 0, -(size + 1L)));
        });
        replies.forEach(store::await);
    }

    /**
     * Entries {@code offset} to {@code offset + count - 1}, newest first, in one round trip. Fails with
     * {@link StoreUnavailableException}, as every store call does.
     */
    public Page page(long ownerId, int offset, int count) {
        String key = key(ownerId);
        RedisClusterAsyncCommands<String, String> commands = store.commands();
        RedisFuture<List<ScoredValue<String>>> range = commands.zrevrangeWithScores(key, offset, offset + count - 1L);
        RedisFuture<Long> total = commands.zcard(key);
        try {
            List<Entry> entries = store.await(range).stream()
                    .map(scored -> new Entry(Long.parseLong(scored.getValue()), Math.round(scored.getScore())))
                    .toList();
            return new Page(entries, store.await(total));
        } catch (NumberFormatException e) {
            throw new StoreUnavailableException("timeline " + key + " holds a member that is no id", e);
        }
    }

    private String key(long ownerId) {
        return store.key(keyPattern.replace("{id}", Long.toString(ownerId)));
    }
}
