package com.newsfeed.cache.load;

import java.util.function.Supplier;

/**
 * Where loads run: every loader call of one read (an article's info, body and author) in one read-only database
 * transaction, started only after the leases were taken, so the rows it reads are never older than an eviction
 * that cancelled those leases. {@link #direct()} is for loaders without a database (tests, benchmarks).
 */
public interface LoadTransaction {

    <T> T run(Supplier<T> work);

    static LoadTransaction direct() {
        return new LoadTransaction() {
            @Override
            public <T> T run(Supplier<T> work) {
                return work.get();
            }
        };
    }
}
