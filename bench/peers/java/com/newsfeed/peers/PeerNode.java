package com.newsfeed.peers;

import java.util.Optional;
import java.util.function.LongFunction;

/** One node of a contender: a fully separate client stack over the shared Redis and database. */
public interface PeerNode extends AutoCloseable {

    /** How a node reads a row it does not hold: the contender's loader. */
    @FunctionalInterface
    interface Loader {
        Optional<Article> load(long id);
    }

    /** A node's own counts of its levels (-1: the contender does not tell). */
    record Levels(long l1Hits, long l2Hits, long misses) {

        public static final Levels UNKNOWN = new Levels(-1, -1, -1);
    }

    /** A read through the contender's read-through API (its loader reads {@link ArticleTable}). */
    Optional<Article> read(long id);

    /**
     * A writer's update: {@code update} writes the row's new version to the database, and the contender's own API
     * invalidates what it cached (inside the write's transaction where the contender has one).
     */
    Article write(long id, LongFunction<Article> update);

    /** Drops what this node cached, in Redis and in its memory. */
    void clear();

    /** Entries this node holds in memory (L1). */
    long localEntries();

    /** What the contender reckons its L1 entries weigh, in bytes; -1 where it does not weigh them. */
    default long localWeightBytes() {
        return -1;
    }

    Levels levels();

    @Override
    void close();
}
