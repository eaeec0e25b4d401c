package com.newsfeed.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lists in memory, standing in for the database: the source of truth the list cache is checked against, with a
 * count of each query and gates that hold the next rebuild after it has read, or before. Reads see every change
 * made so far, as READ COMMITTED would (H2's level): no snapshot spans a rebuild's two reads.
 */
final class FakeList implements ListLoader {

    private final List<ListEntry> entries = new ArrayList<>();
    final AtomicInteger rebuilds = new AtomicInteger();
    final AtomicInteger pageQueries = new AtomicInteger();
    final AtomicInteger counts = new AtomicInteger();
    /** How many entries the last {@link #newest} call asked for. */
    volatile int lastNewestLimit;
    private volatile CountDownLatch gate;
    private final CountDownLatch opener = new CountDownLatch(1);
    final CountDownLatch readDone = new CountDownLatch(1);
    private volatile CountDownLatch gateBeforeRead;
    final CountDownLatch aboutToRead = new CountDownLatch(1);

    /** Adds entries with ids {@code from..to} at scores 1000 * id (so newest is the highest id). */
    synchronized FakeList range(long from, long to) {
        for (long id = from; id <= to; id++) {
            entries.add(new ListEntry(id, 1000 * id));
        }
        return this;
    }

    synchronized FakeList add(ListEntry entry) {
        entries.add(entry);
        return this;
    }

    synchronized FakeList remove(long id) {
        entries.removeIf(entry -> entry.id() == id);
        return this;
    }

    /** Every entry, newest first: what a page walk must add up to. */
    synchronized List<Long> all() {
        return sorted().stream().map(ListEntry::id).toList();
    }

    void holdNextRebuild() {
        gate = opener;
    }

    /** Holds the next rebuild before it reads the list (it has taken its lease, and whatever it reads first). */
    void holdNextRebuildBeforeRead() {
        gateBeforeRead = opener;
    }

    void open() {
        opener.countDown();
    }

    @Override
    public List<ListEntry> newest(long listId, int limit) {
        rebuilds.incrementAndGet();
        lastNewestLimit = limit;
        CountDownLatch before = gateBeforeRead;
        if (before != null) {
            gateBeforeRead = null;
            aboutToRead.countDown();
            await(before);
        }
        List<ListEntry> read;
        synchronized (this) {
            read = sorted().stream().limit(limit).toList();
        }
        CountDownLatch held = gate;
        if (held != null) {
            gate = null;
            readDone.countDown();
            await(held);
        }
        return read;
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized List<ListEntry> after(long listId, ListEntry cursor, int limit) {
        pageQueries.incrementAndGet();
        return sorted().stream().filter(entry -> entry.after(cursor)).limit(limit).toList();
    }

    @Override
    public synchronized List<Long> at(long listId, int offset, int limit) {
        pageQueries.incrementAndGet();
        return sorted().stream().skip(offset).limit(limit).map(ListEntry::id).toList();
    }

    @Override
    public synchronized long count(long listId) {
        counts.incrementAndGet();
        return entries.size();
    }

    private List<ListEntry> sorted() {
        return entries.stream().sorted(Comparator.comparingLong(ListEntry::score).thenComparingLong(ListEntry::id)
                .reversed()).toList();
    }
}
