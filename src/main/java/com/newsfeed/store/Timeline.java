package com.newsfeed.store;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One capped list per owner, newest first: a sorted set of ids scored by time (a user's reading history,
 * {@code user:{id}:his:reading}). Adding is {@code ZADD} then {@code ZREMRANGEBYRANK} down to the newest
 * {@code size}, sent without waiting: the request that reads an article does not wait for its history.
 */
public final class Timeline {

    private static final Logger log = LoggerFactory.getLogger(Timeline.class);

    /** One entry: the id and when it was added (epoch milliseconds). */
    public record Entry(long id, long at) {
    }

    /** A page of entries, newest first, with how many the timeline holds. */
    public record Page(List<Entry> entries, long total) {
    }

    private final StoreRedis store;
    private final String keyPattern;
    private final int size;
    private final Counter lost;

    Timeline(StoreRedis store, String keyPattern, int size, MeterRegistry meters) {
        this.store = store;
        this.keyPattern = keyPattern;
        this.size = size;
        this.lost = Counter.builder("newsfeed.store.timeline.lost").tag("timeline", keyPattern)
                .description("Timeline entries the store failed to take").register(meters);
    }

    /** Adds (or moves to its new time) the id in the owner's timeline, and drops all but the newest. */
    public void add(long ownerId, long id, long at) {
        String key = key(ownerId);
        try {
            RedisAsyncCommands<String, String> commands = store.commands();
            commands.zadd(key, at, Long.toString(id)).whenComplete(this::failed);
            commands.zremrangebyrank(key, 0, -(size + 1L)).whenComplete(this::failed);
        } catch (RuntimeException e) {
            failed(null, e);
        }
    }

    /**
     * Entries {@code offset} to {@code offset + count - 1}, newest first, in one round trip. Fails with
     * {@link StoreUnavailableException}, as every store call does.
     */
    public Page page(long ownerId, int offset, int count) {
        String key = key(ownerId);
        RedisAsyncCommands<String, String> commands = store.commands();
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

    private void failed(Object unused, Throwable error) {
        if (error != null) {
            lost.increment();
            log.debug("Timeline entry not stored: {}", error.getMessage());
        }
    }

}
