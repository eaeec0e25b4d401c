package com.newsfeed.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/** The source of truth for cache-core tests: a map, with counted loads and an optional gate to hold them. */
class FakeItems implements EntityLoader<Item>, IdSource {

    final Map<Long, Item> rows = new ConcurrentHashMap<>();
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger batchLoads = new AtomicInteger();
    /** Every id any load or batch load asked for. */
    final AtomicInteger loadedIds = new AtomicInteger();
    /** While set, only the next load waits at the gate; the ones after it pass. */
    private volatile boolean holdOnlyOnce;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch opener = new CountDownLatch(0);
    /** While set, every load fails as a database that cannot be reached does. */
    volatile boolean down;
    /** Counted down when a gated load has read its row, so a test can act between read and fill. */
    volatile CountDownLatch readDone = new CountDownLatch(1);

    FakeItems with(long id, String name) {
        rows.put(id, Item.of(id, name));
        return this;
    }

    /** Loads from now on read their row, then wait until {@link #open} (at most 10 s). */
    void close() {
        gate = new CountDownLatch(1);
        opener = gate;
        readDone = new CountDownLatch(1);
    }

    /** Only the next load reads its row and waits until {@link #open}; the loads after it go straight through. */
    void holdNext() {
        close();
        holdOnlyOnce = true;
    }

    void open() {
        opener.countDown();
    }

    @Override
    public Optional<Item> load(long id) {
        loads.incrementAndGet();
        loadedIds.incrementAndGet();
        failIfDown();
        Optional<Item> row = Optional.ofNullable(rows.get(id));
        hold();
        return row;
    }

    @Override
    public Map<Long, Item> loadAll(Collection<Long> ids) {
        batchLoads.incrementAndGet();
        loadedIds.addAndGet(ids.size());
        failIfDown();
        Map<Long, Item> found = new LinkedHashMap<>();
        ids.forEach(id -> Optional.ofNullable(rows.get(id)).ifPresent(item -> found.put(id, item)));
        hold();
        return found;
    }

    @Override
    public void forEachId(LongConsumer sink) {
        rows.keySet().forEach(sink::accept);
    }

    private void failIfDown() {
        if (down) {
            throw new org.springframework.dao.DataAccessResourceFailureException("database down (test)");
        }
    }

    private void hold() {
        CountDownLatch current = gate;
        if (current != null) {
            if (holdOnlyOnce) {
                gate = null;
                holdOnlyOnce = false;
            }
            readDone.countDown();
            try {
                if (!current.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
