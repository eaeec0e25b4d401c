package com.newsfeed.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.Counter.Builder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's counters: each a sorted set of ids scored by count ({@link Counter}), changed by {@code ZINCRBY}
 * after the write that changed the count commits, and read through {@link CountGroup}s. The database is the source
 * of truth of every counter but reads: a change lost with the store or a crash between the commit and the
 * increment leaves the counter wrong until the daily fix ({@link CounterFix}) recomputes it.
 */
public final class Counters {

    private static final Logger log = LoggerFactory.getLogger(Counters.class);

    /** A counter change made in a transaction, sent once it commits. */
    private record Change(Counter counter, long id, long delta) {
    }

    private final StoreRedis store;
    private final StoreProperties.Counts settings;
    private final Ticker ticker;
    private final Executor executor;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final List<CountGroup> groups = new CopyOnWriteArrayList<>();
    private final io.micrometer.core.instrument.Counter applied;
    private final io.micrometer.core.instrument.Counter lost;

    /** @param executor starts the batched reads of counts (see {@link CountReader}) */
    Counters(StoreRedis store, StoreProperties.Counts settings, Ticker ticker, Executor executor,
            MeterRegistry meters) {
        this.executor = executor;
        this.store = store;
        this.settings = settings;
        this.ticker = ticker;
        Builder changes = io.micrometer.core.instrument.Counter.builder("newsfeed.store.counter.changes")
                .description("Counter changes sent to the store after their commit, by outcome");
        this.applied = changes.tag("outcome", "applied").register(meters);
        this.lost = changes.tag("outcome", "lost").register(meters);
    }

    /** The counter of this name (e.g. {@code count:art:liking}); the same object for the same name. */
    public Counter counter(String name) {
        return counters.computeIfAbsent(name, n -> new Counter(n, store.key(n)));
    }

    /** Counters read together for one kind of entity, copied in memory (see {@link CountGroup}). */
    public CountGroup group(Counter... members) {
        CountGroup group = new CountGroup(store, List.of(members), settings.refresh(), settings.expiry(),
                settings.maxEntities(), ticker, executor);
        groups.add(group);
        return group;
    }

    /**
     * Adds {@code delta} to the entity's count once the current transaction commits (at once without one). The
     * changes of one transaction go in one round trip, awaited, so the writer's next read here shows them.
     */
    public void addAfterCommit(Counter counter, long id, long delta) {
        Change change = new Change(counter, id, delta);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(List.of(change));
            return;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingChanges pending && pending.owner == this) {
                pending.changes.add(change);
                return;
            }
        }
        PendingChanges pending = new PendingChanges(this);
        pending.changes.add(change);
        TransactionSynchronizationManager.registerSynchronization(pending);
    }

    /**
     * Raises each entity's count to its total where the store holds less ({@code ZADD GT}, one round trip): for a
     * counter derived from totals the database keeps (reads), so that two instances' totals arriving in either
     * order, or one applied twice, never lower or double a count. What the store fails to take is counted as lost
     * and mended by the next total of that entity, or by the daily fix.
     */
    public void raiseTo(Counter counter, Map<Long, Long> totals) {
        if (totals.isEmpty()) {
            return;
        }
        List<Map.Entry<Long, Long>> entries = List.copyOf(totals.entrySet());
        List<CompletableFuture<Long>> replies;
        try {
            replies = store.sendAll(entries.stream().map(entry -> StoreRedis.zaddGreater(counter.key(),
                    entry.getValue(), Long.toString(entry.getKey()))).toList());
        } catch (RuntimeException e) {
            lost.increment(entries.size());
            log.warn("Totals of {} not sent ({}); the next ones or the daily fix mend them", counter.name(),
                    e.getMessage());
            return;
        }
        for (int i = 0; i < replies.size(); i++) {
            Map.Entry<Long, Long> entry = entries.get(i);
            try {
                store.await(replies.get(i));
                applied.increment();
                for (CountGroup group : groups) {
                    group.raised(counter, entry.getKey(), entry.getValue());
                }
            } catch (StoreUnavailableException e) {
                lost.increment();
                log.warn("Total {} of {} {} may be lost ({})", entry.getValue(), counter.name(), entry.getKey(),
                        e.getMessage());
            }
        }
    }

    /**
     * Every member of the counter with its count, a page of up to {@code pageSize} at a time ({@code ZSCAN}; a
     * member that is no id is skipped): for copying a counter into a source it never had. Fails with
     * {@link StoreUnavailableException}.
     */
    public void forEachPage(Counter counter, int pageSize, java.util.function.Consumer<Map<Long, Long>> page) {
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.ScoredValueScanCursor<String> step = store.await(store.commands().zscan(counter.key(),
                    cursor, io.lettuce.core.ScanArgs.Builder.limit(pageSize)));
            Map<Long, Long> counts = new java.util.HashMap<>();
            for (io.lettuce.core.ScoredValue<String> scored : step.getValues()) {
                try {
                    counts.put(Long.parseLong(scored.getValue()), Math.round(scored.getScore()));
                } catch (NumberFormatException e) {
                    log.debug("Member {} of {} is no id: not copied", scored.getValue(), counter.name());
                }
            }
            if (!counts.isEmpty()) {
                page.accept(counts);
            }
            cursor = step;
        } while (!cursor.isFinished());
    }

    /** Drops every in-memory copy of counts: for when the store was emptied or rewritten as a whole. */
    public void dropCopies() {
        groups.forEach(CountGroup::forgetAll);
    }

    /** The store's reply to a change of one counter: every group showing it takes the new value. */
    void changed(Counter counter, long id, long value) {
        for (CountGroup group : groups) {
            group.changed(counter, id, value);
        }
    }

    private void send(List<Change> changes) {
        List<CompletableFuture<Double>> replies;
        try {
            replies = store.sendAll(changes.stream().map(change -> StoreRedis.zincrby(change.counter().key(),
                    change.delta(), Long.toString(change.id()))).toList());
        } catch (RuntimeException e) {
            lost.increment(changes.size());
            log.warn("Counter changes {} not sent ({}); the daily fix recomputes them", changes, e.getMessage());
            return;
        }
        for (int i = 0; i < replies.size(); i++) {
            Change change = changes.get(i);
            try {
                double value = store.await(replies.get(i));
                applied.increment();
                changed(change.counter(), change.id(), Math.round(value));
            } catch (StoreUnavailableException e) {
                lost.increment();
                log.warn("Counter change {} may be lost ({}); the daily fix recomputes it", change, e.getMessage());
            }
        }
    }

    /** The counter changes of one transaction, sent together once it commits; a rollback sends nothing. */
    private static final class PendingChanges implements TransactionSynchronization {

        private final Counters owner;
        private final List<Change> changes = new ArrayList<>();

        PendingChanges(Counters owner) {
            this.owner = owner;
        }

        @Override
        public void afterCommit() {
            owner.send(changes);
        }
    }
}
