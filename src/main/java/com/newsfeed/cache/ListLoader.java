package com.newsfeed.cache;

import java.util.List;

/**
 * Reads one kind of list from the source of truth: each method one query answered from an index alone (ids and
 * scores, no rows), newest first.
 */
public interface ListLoader {

    /** The newest {@code limit} entries: what a rebuild of the cached list reads. */
    List<ListEntry> newest(long listId, int limit);

    /** The {@code limit} entries after the cursor: pages past what the cache holds, by cursor. */
    List<ListEntry> after(long listId, ListEntry cursor, int limit);

    /** The ids from position {@code offset} (0 is the newest): pages past what the cache holds, by number. */
    List<Long> at(long listId, int offset, int limit);

    /** How many members the list has: the total of a numbered page when the cache holds only the newest. */
    long count(long listId);
}
