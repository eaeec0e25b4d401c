package com.newsfeed.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The top of counters ({@code ZREVRANGE} of the sorted set): the hot lists. A ranking is the hottest key of a news
 * app, so each instance reads one from the store at most once per {@code refresh}, in the background while the
 * last one is served; shorter requests take its head.
 */
public final class Ranking {

    /** A ranking as read, and when (the ticker's nanoseconds). */
    private record Top(List<Long> ids, long readAt) {
    }

    /** What a reload leaves when the store failed for longer than a ranking may be served: the next read fails. */
    private static final Top EXPIRED = new Top(List.of(), 0);

    private final StoreRedis store;
    private final int maxSize;
    private final Ticker ticker;
    private final long servedAtMostNanos;
    private final LoadingCache<Counter, Top> tops;

    /**
     * @param executor runs the loads in the background (they wait for the store: not on the common pool)
     */
    Ranking(StoreRedis store, int maxSize, Duration refresh, Ticker ticker, Executor executor) {
        this.store = store;
        this.maxSize = maxSize;
        this.ticker = ticker;
        this.servedAtMostNanos = refresh.multipliedBy(60).toNanos();
        this.tops = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(refresh)
                .ticker(ticker)
                .executor(executor)
                .build(new CacheLoader<Counter, Top>() {
                    @Override
                    public Top load(Counter counter) {
                        return read(counter);
                    }

                    /** A ranking the store cannot refresh goes on being served, 60 refreshes at the most. */
                    @Override
                    public Top reload(Counter counter, Top old) {
                        try {
                            return read(counter);
                        } catch (StoreUnavailableException e) {
                            return ticker.read() - old.readAt() < servedAtMostNanos ? old : EXPIRED;
                        }
                    }
                });
    }

    /** Drops the rankings read: for when the store was emptied or rewritten as a whole. */
    public void dropCopies() {
        tops.invalidateAll();
    }

    /** The ids with the highest counts, highest first (ties as Redis orders them: by member, descending). */
    public List<Long> top(Counter counter) {
        Top top = tops.get(counter); // a StoreUnavailableException of the load comes through as it is
        if (top == EXPIRED) {
            tops.asMap().remove(counter, EXPIRED);
            throw new StoreUnavailableException("the ranking " + counter.name() + " could not be read for "
                    + Duration.ofNanos(servedAtMostNanos), null);
        }
        return top.ids();
    }

    /**
     * Twice as many as the longest ranking asked for: members no longer shown (an article unpublished since) are
     * left out after the read, and the rest must still fill it.
     */
    private Top read(Counter counter) {
        List<String> members = store.await(store.commands().zrevrange(counter.key(), 0, 2L * maxSize - 1));
        return new Top(members.stream().map(Ranking::idOf).filter(id -> id > 0).toList(), ticker.read());
    }

    private static long idOf(String member) {
        try {
            return Long.parseLong(member);
        } catch (NumberFormatException e) {
            return 0; // not an id: no writer of ours put it there, so it ranks nothing
        }
    }
}
