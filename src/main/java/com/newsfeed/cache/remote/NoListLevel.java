package com.newsfeed.cache.remote;

import java.util.function.Supplier;

import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListSlice;

/** A list cache without L2: every read a miss, nothing sent to Redis. */
final class NoListLevel extends NoRemoteLevel<ListSlice> implements ListLevel {

    static final NoListLevel INSTANCE = new NoListLevel();

    private NoListLevel() {
    }

    @Override
    public Supplier<ListRange> after(RedisBatch batch, long listId, ListEntry cursor, int limit) {
        return () -> ListRange.MISSING;
    }

    @Override
    public Supplier<ListRange> at(RedisBatch batch, long listId, int offset, int limit) {
        return () -> ListRange.MISSING;
    }

    @Override
    public void update(RedisBatch batch, long listId, long seq, ListEntry member, boolean added) {
    }
}
