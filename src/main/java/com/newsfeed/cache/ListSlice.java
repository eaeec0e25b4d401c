package com.newsfeed.cache;

import java.util.Arrays;
import java.util.List;

/**
 * The first entries of a cached list, newest first, as L1 keeps them and L2's head read returns them: what the
 * first pages are answered from.
 *
 * @param ids    the entries' ids, newest first
 * @param scores their scores, in the same order
 * @param size   how many members the cached list holds (at least {@code ids.length}; the rest are in L2 only)
 * @param whole  whether the cached list holds every member of the list; if not, it holds the newest {@code size}
 *               (the cap) and what comes after them is answered from the database
 * @param seq    the outbox sequence number the list was read at (what orders in-place updates after it)
 */
public record ListSlice(long[] ids, long[] scores, int size, boolean whole, long seq) {

    public static ListSlice of(List<ListEntry> entries, int size, boolean whole, long seq) {
        return new ListSlice(entries.stream().mapToLong(ListEntry::id).toArray(),
                entries.stream().mapToLong(ListEntry::score).toArray(), size, whole, seq);
    }

    /** The first {@code count} entries (all when there are fewer), of the same list. */
    public ListSlice head(int count) {
        return count >= ids.length ? this
                : new ListSlice(Arrays.copyOf(ids, count), Arrays.copyOf(scores, count), size, whole, seq);
    }

    public int length() {
        return ids.length;
    }

    public ListEntry entry(int index) {
        return new ListEntry(ids[index], scores[index]);
    }

    /** Whether nothing follows the last entry: these are all of the list's members. */
    public boolean endsList() {
        return whole && ids.length == size;
    }

    /** The index of the first entry after the cursor ({@link #length()} when none is here). */
    public int indexAfter(ListEntry cursor) {
        int low = 0;
        int high = ids.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (entry(middle).after(cursor)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    public List<Long> idsBetween(int from, int to) {
        return Arrays.stream(ids, from, to).boxed().toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ListSlice that && Arrays.equals(ids, that.ids) && Arrays.equals(scores, that.scores)
                && size == that.size && whole == that.whole && seq == that.seq;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + size;
    }

    @Override
    public String toString() {
        return "ListSlice" + Arrays.toString(ids) + " of " + size + (whole ? " (whole)" : " (newest)") + " @" + seq;
    }
}
