package com.newsfeed.peers;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A node's loader, counting its calls: what reached the database, whatever the contender says about itself. */
final class LoadCounter implements PeerNode.Loader {

    private final ArticleTable table;
    private final AtomicLong calls = new AtomicLong();

    LoadCounter(ArticleTable table) {
        this.table = table;
    }

    @Override
    public Optional<Article> load(long id) {
        calls.incrementAndGet();
        return table.load(id);
    }

    long count() {
        return calls.get();
    }
}
