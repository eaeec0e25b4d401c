package com.newsfeed.article;

import java.util.List;

import com.newsfeed.events.Delivery;
import com.newsfeed.events.EventHandler;
import com.newsfeed.store.StoreUnavailableException;
import com.newsfeed.store.Timeline;

/**
 * The consumer of read events that keeps logged-in readers' histories ({@code user:{id}:his:reading}). Adding
 * an entry again changes nothing, so a batch delivered twice needs no receipts; the store away sends the batch back
 * to the queue until it returns (a store that refuses the command, a key of another type, dead-letters it).
 */
final class ReadingHistory implements EventHandler<ArticleRead> {

    static final String QUEUE = "reading-history";

    private final Timeline history;

    ReadingHistory(Timeline history) {
        this.history = history;
    }

    @Override
    public void handle(List<Delivery<ArticleRead>> batch) {
        List<Timeline.Added> entries = batch.stream().flatMap(delivery -> delivery.events().stream())
                .filter(read -> read.userId() != null)
                .map(read -> new Timeline.Added(read.userId(), read.articleId(), read.at())).toList();
        if (!entries.isEmpty()) {
            history.addAll(entries);
        }
    }

    @Override
    public boolean passing(RuntimeException failure) {
        return failure instanceof StoreUnavailableException unavailable && !unavailable.refused();
    }
}
