package com.newsfeed.cache.remote;

import java.util.List;

import com.newsfeed.cache.ListEntry;

/**
 * What a range read of a cached list found.
 *
 * @param exists  whether the list is cached at all (false: nothing else here means anything)
 * @param entries the members read, newest first
 * @param whole   whether the cached list holds every member of the list (then a short range is its end)
 * @param size    how many members the cached list holds
 */
public record ListRange(boolean exists, List<ListEntry> entries, boolean whole, int size) {

    public static final ListRange MISSING = new ListRange(false, List.of(), false, 0);

    /** Whether these entries answer a read of {@code wanted} members: enough of them, or the list's end. */
    public boolean answers(int wanted) {
        return exists && (entries.size() >= wanted || whole);
    }
}
