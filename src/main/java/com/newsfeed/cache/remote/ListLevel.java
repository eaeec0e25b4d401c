package com.newsfeed.cache.remote;

import java.util.function.Supplier;

import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListSlice;

/**
 * The Redis level of a list cache: a sorted set per list. As a {@link RemoteLevel} it reads and fills the head of
 * the list (what L1 keeps); the pages past the head are read here directly, and writes change members in place.
 * {@link #none()} is the stand-in for a list cache without L2: every range a miss, every change nothing to do.
 */
public interface ListLevel extends RemoteLevel<ListSlice> {

    /** Up to {@code limit} members after the cursor. */
    Supplier<ListRange> after(RedisBatch batch, long listId, ListEntry cursor, int limit);

    /** Up to {@code limit} members from position {@code offset} (0 is the newest). */
    Supplier<ListRange> at(RedisBatch batch, long listId, int offset, int limit);

    /**
     * Adds ({@code added} true) or removes a member in place, for the write recorded at outbox sequence {@code seq},
     * keeping the newest {@code cap}; deletes the list instead when it has less than the minimum TTL left, or was
     * read or updated at a later sequence (this update arrives out of order). Always cancels a rebuild under way.
     */
    void update(RedisBatch batch, long listId, long seq, ListEntry member, boolean added);

    static ListLevel none() {
        return NoListLevel.INSTANCE;
    }
}
