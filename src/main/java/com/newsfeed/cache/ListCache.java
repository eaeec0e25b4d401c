package com.newsfeed.cache;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import com.newsfeed.cache.invalidation.InvalidationKind;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.remote.ListLevel;
import com.newsfeed.cache.remote.ListRange;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Lists of ids (a channel's feed, a user's articles, the announcements), newest first, over the same three
 * levels as entities. Each list is a Redis sorted set of its newest {@code cap} members (scores are publish times);
 * its head, the first pages, is an entry of an ordinary {@link LayeredCache}, so it lives in L1 with a short
 * jittered TTL, is refreshed ahead, dropped on every instance after a change, and rebuilt once across the fleet
 * (single flight and lease) from one index-only query when Redis lacks it. A page is answered
 * <ol>
 * <li>from the head, when it lies within it (L1 after the first read: no I/O);</li>
 * <li>else from the sorted set, one command (a page past the head);</li>
 * <li>else from the database (a page past the cap, or the set is missing or held back on this instance).</li>
 * </ol>
 * The response is the same whichever level answers. Writes change members in place after their commit, recorded
 * in the outbox like every other change (so a lost delivery deletes the list instead of leaving it wrong).
 */
public final class ListCache {

    /** A page by cursor; {@code next} is the cursor of the following page, null at the end. */
    public record CursorPage(List<Long> ids, ListEntry next) {
    }

    /** A numbered page, with the list's size. */
    public record NumberedPage(List<Long> ids, long total) {
    }

    private final LayeredCache<ListSlice> heads;
    private final CacheLevels<ListSlice> levels;
    private final ListLevel remote;
    private final ListLoader loader;
    private final Invalidator invalidator;
    private final RedisExecutor redis;
    private final Counter fromHead;
    private final Counter fromL2;
    private final Counter fromDatabase;
    /**
     * Whether the cache has a level at all: with neither (configured off, as the benchmark's "no cache" mode is),
     * each page is the database's page query alone, not a rebuild of the whole head for every request.
     */
    private final boolean cached;

    ListCache(LayeredCache<ListSlice> heads, ListLevel remote, ListLoader loader, Invalidator invalidator,
            RedisExecutor redis, MeterRegistry meters) {
        this.heads = heads;
        this.levels = heads.levels();
        this.remote = remote;
        this.loader = loader;
        this.invalidator = invalidator;
        this.redis = redis;
        this.fromHead = pages(meters, "head");
        this.fromL2 = pages(meters, "l2");
        this.fromDatabase = pages(meters, "database");
        this.cached = levels.local.enabled() || remote.enabled();
    }

    public String name() {
        return heads.name();
    }

    /** Up to {@code size} ids after the cursor (from the newest when it is null). */
    public CursorPage after(long listId, ListEntry cursor, int size) {
        if (!cached) {
            return cursorPage(fromDatabase(listId, cursor, size), size);
        }
        ListSlice head = head(listId);
        int start = cursor == null ? 0 : head.indexAfter(cursor);
        // The entry after the page must be known to exist (or the list to end) for the page to come from the head.
        boolean moreHere = start + size < head.length()
                || (start + size == head.length() && head.size() > head.length());
        if (moreHere || head.endsList()) {
            fromHead.increment();
            int end = Math.min(head.length(), start + size);
            return new CursorPage(head.idsBetween(start, end), moreHere ? head.entry(end - 1) : null);
        }
        ListRange range = rangeFromL2(batch -> cursor == null ? remote.at(batch, listId, 0, size + 1)
                : remote.after(batch, listId, cursor, size + 1), listId);
        if (range.answers(size + 1)) {
            fromL2.increment();
            return cursorPage(range.entries(), size);
        }
        return cursorPage(fromDatabase(listId, cursor, size), size);
    }

    /** Up to {@code size} ids from position {@code offset} (0 is the newest), with the list's size. */
    public NumberedPage at(long listId, int offset, int size) {
        if (!cached) {
            return numberedFromDatabase(listId, offset, size);
        }
        ListSlice head = head(listId);
        if (offset + size <= head.length() || head.endsList()) {
            fromHead.increment();
            int from = Math.min(offset, head.length());
            return new NumberedPage(head.idsBetween(from, Math.min(head.length(), offset + size)),
                    head.whole() ? head.size() : loader.count(listId));
        }
        ListRange range = rangeFromL2(batch -> remote.at(batch, listId, offset, size), listId);
        if (range.answers(size)) {
            fromL2.increment();
            return new NumberedPage(range.entries().stream().map(ListEntry::id).toList(),
                    range.whole() ? range.size() : loader.count(listId));
        }
        return numberedFromDatabase(listId, offset, size);
    }

    /** After the current transaction commits, adds the member to the list in place (at its score). */
    public void addAfterCommit(long listId, ListEntry member) {
        change(listId, member, true);
    }

    /** After the current transaction commits, removes the member from the list in place. */
    public void removeAfterCommit(long listId, long memberId) {
        change(listId, new ListEntry(memberId, 0), false);
    }

    /** Drops the list's head from this instance's L1 only. */
    public void evictLocal(long listId) {
        heads.evictLocal(listId);
    }

    /**
     * The writer applies the change to the sorted set; an instance that delivers it from the outbox instead (the
     * writer could not) deletes the list, and every instance drops its head from L1.
     */
    private void change(long listId, ListEntry member, boolean added) {
        invalidator.record(levels, listId, InvalidationKind.UPDATED, null,
                (batch, change) -> remote.update(batch, listId, change.seq(), member, added));
    }

    /** Up to {@code size + 1} entries from the database: one more than the page, to know whether one follows. */
    private List<ListEntry> fromDatabase(long listId, ListEntry cursor, int size) {
        fromDatabase.increment();
        return cursor == null ? loader.newest(listId, size + 1) : loader.after(listId, cursor, size + 1);
    }

    private NumberedPage numberedFromDatabase(long listId, int offset, int size) {
        fromDatabase.increment();
        return new NumberedPage(loader.at(listId, offset, size), loader.count(listId));
    }

    private static CursorPage cursorPage(List<ListEntry> entries, int size) {
        boolean more = entries.size() > size;
        List<ListEntry> page = more ? entries.subList(0, size) : entries;
        return new CursorPage(page.stream().map(ListEntry::id).toList(), more ? page.get(size - 1) : null);
    }

    private ListSlice head(long listId) {
        return heads.get(listId).orElseThrow(() -> new IllegalStateException("list '" + name()
                + "' loaded nothing for " + listId)).value();
    }

    /** A range from the sorted set, or missing when it must not or could not be read here. */
    private ListRange rangeFromL2(Function<RedisBatch, Supplier<ListRange>> read, long listId) {
        if (!remote.enabled() || levels.skipL2(listId)) {
            return ListRange.MISSING;
        }
        try {
            RedisBatch batch = redis.batch();
            Supplier<ListRange> range = read.apply(batch);
            batch.execute();
            return range.get();
        } catch (RedisUnavailableException e) {
            levels.metrics.l2Errors.increment();
            return ListRange.MISSING;
        }
    }

    private Counter pages(MeterRegistry meters, String source) {
        return Counter.builder("newsfeed.cache.list.pages").description("List pages by the level that answered")
                .tag("cache", name()).tag("source", source).register(meters);
    }
}
