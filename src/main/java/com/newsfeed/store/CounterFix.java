package com.newsfeed.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/**
 * The daily fix: every counter with a database source is recomputed from it and its sorted set rewritten, batch by
 * batch of ids, so that a change lost between a commit and its {@code ZINCRBY} is wrong for a day at most. A batch
 * is one query ({@link CounterSource#counts}) and one store round trip: {@code ZADD} of the counts and {@code ZREM}
 * of the ids of the batch that count nothing; a {@code ZSCAN} pass then removes members that are no row's. An
 * increment that reaches the store between a batch's query and its rewrite is overwritten (or counted twice, if it
 * committed before the query and its {@code ZINCRBY} arrives after the rewrite): the window is from the batch's
 * query to its rewrite, plus a commit's delay to its increment, and the next fix closes it. Across the fleet it
 * runs on one instance at a time (ShedLock's row in the database; an instance that finds it held skips the run).
 */
public final class CounterFix {

    private static final Logger log = LoggerFactory.getLogger(CounterFix.class);
    private static final String LOCK = "store-counter-fix";
    /** The store's record of the last run (when it ended); no TTL: it lives as long as the counters it vouches for. */
    private static final String LAST_RUN = "count:fixed-at";
    private static final Outcome SKIPPED = new Outcome(false, 0, 0, 0, Duration.ZERO);

    /** What a run did: whether it ran here (false: another instance held the lock), and its figures. */
    public record Outcome(boolean ran, int counters, long members, long removed, Duration took) {
    }

    private final StoreRedis store;
    private final Counters counters;
    private final List<CounterSource> sources;
    private final LockingTaskExecutor locks;
    private final StoreProperties.Fix settings;
    private final Clock clock;
    private final Timer runs;

    CounterFix(StoreRedis store, Counters counters, List<CounterSource> sources, LockingTaskExecutor locks,
            StoreProperties.Fix settings, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.counters = counters;
        this.sources = List.copyOf(sources);
        this.locks = locks;
        this.settings = settings;
        this.clock = clock;
        this.runs = Timer.builder("newsfeed.store.counter.fix").description("Runs of the daily counter fix")
                .register(meters);
    }

    /** The scheduled run: the lock is held at least {@code lock-at-least}, so a clock behind cannot run it twice. */
    public Outcome runScheduled() {
        return runLocked(settings.lockAtLeast(), false);
    }

    /**
     * At start-up: a run if the store holds no record of one (a store that is new, was emptied, or lost its data),
     * so that its counters are right at once rather than after the next scheduled run.
     */
    public Outcome runIfNeverRan() {
        return runLocked(Duration.ZERO, true);
    }

    /** A run asked for by an admin: skipped only while another run holds the lock. */
    public Outcome runNow() {
        return runLocked(Duration.ZERO, false);
    }

    /** @param unlessOnRecord skip it if the store holds a record of a run (looked at under the lock) */
    private Outcome runLocked(Duration lockAtLeast, boolean unlessOnRecord) {
        try {
            LockingTaskExecutor.TaskResult<Outcome> result = locks.executeWithLock(
                    () -> unlessOnRecord && store.await(store.commands().exists(store.key(LAST_RUN))) > 0 ? SKIPPED
                            : fixAll(),
                    new LockConfiguration(clock.instant(), LOCK, settings.lockAtMost(), lockAtLeast));
            return result.wasExecuted() ? result.getResult() : SKIPPED;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome fixAll() {
        long started = System.nanoTime();
        long members = 0;
        long removed = 0;
        for (CounterSource source : sources) {
            Counter counter = counters.counter(source.counter());
            // Ids are walked up to the table's highest one, read again until it stands still (rows go on arriving).
            long walked = 0;
            for (long maxId = source.maxId(); maxId > walked; maxId = source.maxId()) {
                for (long from = walked + 1; from <= maxId; from += settings.batchSize()) {
                    long to = Math.min(maxId, from + settings.batchSize() - 1);
                    Map<Long, Long> counts = source.counts(from, to);
                    removed += rewrite(counter, from, to, counts);
                    members += counts.size();
                }
                walked = maxId;
            }
            removed += removeStrays(counter, source, walked);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        runs.record(took);
        store.await(store.commands().set(store.key(LAST_RUN), clock.instant().toString()));
        log.info("Counter fix: {} counters, {} members written, {} ids removed in {}", sources.size(), members,
                removed, took);
        return new Outcome(true, sources.size(), members, removed, took);
    }

    /**
     * Removes the members the walk over {@code [1, walked]} could not meet: anything that is no id, and ids above it
     * that the table does not hold (one that does arrived after the walk, and is counted right). One {@code ZSCAN}
     * pass ({@code batch-size} a step), with a {@code ZREM} for each step that found some.
     */
    private long removeStrays(Counter counter, CounterSource source, long walked) {
        long removed = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScoredValueScanCursor<String> step = store.await(store.commands().zscan(counter.key(), cursor,
                    ScanArgs.Builder.limit(settings.batchSize())));
            List<String> strays = new ArrayList<>();
            Map<Long, String> above = new HashMap<>();
            for (ScoredValue<String> scored : step.getValues()) {
                long id = idOf(scored.getValue());
                if (id <= 0) {
                    strays.add(scored.getValue());
                } else if (id > walked) {
                    above.put(id, scored.getValue());
                }
            }
            if (!above.isEmpty()) {
                above.keySet().removeAll(source.existing(above.keySet()));
                strays.addAll(above.values());
            }
            if (!strays.isEmpty()) {
                removed += store.await(store.commands().zrem(counter.key(), strays.toArray(String[]::new)));
            }
            cursor = step;
        } while (!cursor.isFinished());
        return removed;
    }

    /** The member as an id, or 0 when it is none (not the canonical decimal of a positive long). */
    private static long idOf(String member) {
        try {
            long id = Long.parseLong(member);
            return id > 0 && member.equals(Long.toString(id)) ? id : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One round trip: the counts of the batch, and the removal of its ids that count nothing. */
    private long rewrite(Counter counter, long from, long to, Map<Long, Long> counts) {
        RedisClusterAsyncCommands<String, String> commands = store.commands();
        List<String> zero = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            if (!counts.containsKey(id)) {
                zero.add(Long.toString(id));
            }
        }
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] scored = counts.entrySet().stream()
                .map(e -> ScoredValue.just(e.getValue(), Long.toString(e.getKey()))).toArray(ScoredValue[]::new);
        RedisFuture<Long> added = scored.length == 0 ? null : commands.zadd(counter.key(), scored);
        RedisFuture<Long> gone = zero.isEmpty() ? null : commands.zrem(counter.key(), zero.toArray(String[]::new));
        if (added != null) {
            store.await(added);
        }
        long removed = gone == null ? 0 : store.await(gone);
        counts.forEach((id, count) -> counters.changed(counter, id, count));
        zero.forEach(id -> counters.changed(counter, Long.parseLong(id), 0));
        return removed;
    }
}
