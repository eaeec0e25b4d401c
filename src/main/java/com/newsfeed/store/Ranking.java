package com.newsfeed.store;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The top of counters ({@code ZREVRANGE} of the sorted set): the hot lists. A ranking is the hottest key of a news
 * app, so each instance reads one from the store at most once per {@code refresh}, in the background while the
 * last one is served; it is read {@code maxSize} long, and shorter requests take its head.
 */
public final class Ranking {

    private final StoreRedis store;
    private final int maxSize;
    private final LoadingCache<Counter, List<Long>> tops;

    Ranking(StoreRedis store, int maxSize, Duration refresh, Ticker ticker) {
        this.store = store;
        this.maxSize = maxSize;
        this.tops = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(refresh)
                .expireAfterWrite(refresh.multipliedBy(60))
                .ticker(ticker)
                .build(this::load);
    }

    /** The longest ranking a request may ask for. */
    public int maxSize() {
        return maxSize;
    }

    /** Drops the rankings read: for when the store was emptied or rewritten as a whole. */
    public void dropCopies() {
        tops.invalidateAll();
    }

    /** The ids with the highest counts, highest first (ties by id, as Redis orders them). */
    public List<Long> top(Counter counter) {
        return tops.get(counter); // a StoreUnavailableException of the load comes through as it is
    }

    private List<Long> load(Counter counter) {
        List<String> members = store.await(store.commands().zrevrange(counter.key(), 0, maxSize - 1L));
        return members.stream().map(Ranking::idOf).filter(id -> id > 0).toList();
    }

    private static long idOf(String member) {
        try {
            return Long.parseLong(member);
        } catch (NumberFormatException e) {
            return 0; // not an id: no writer of ours put it there, so it ranks nothing
        }
    }
}
