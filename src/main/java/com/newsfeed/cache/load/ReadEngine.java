package com.newsfeed.cache.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.LoadTimeoutException;
import com.newsfeed.cache.local.L1Entry;
import com.newsfeed.cache.remote.RedisExecutor;

/**
 * The read path, one algorithm for one id and for many, in one cache or several: L1 for every slot, then for the
 * misses the loads already under way here (single flight), then {@link LevelWalk} for the ones this read leads.
 * A reader that joined a load takes its result only if no eviction of the key happened since that load began
 * (its stamp); otherwise it reads again, and by its third attempt on its own, keeping nothing, so that a key
 * evicted again and again never keeps it waiting. A load that outlasts the wait is taken over by one of its
 * followers (the others follow that one); a read whose loads stuck three times is served stale or fails, and
 * never adds a load of its own to a database that hangs. A read inside a caller's transaction never leads, joins
 * or keeps a load (see {@link LevelWalk#readPrivately}).
 */
public final class ReadEngine {

    private static final Logger log = LoggerFactory.getLogger(ReadEngine.class);
    private static final int ATTEMPTS = 3;
    private static final long FOLLOW_SLICE_MILLIS = 10;

    /** The lease and wait settings of {@code newsfeed.cache.lease}. */
    public record Timing(Duration leaseTtl, Duration maxWait, Duration firstPause, Duration longestPause) {
    }

    private final LevelWalk walk;
    private final Refresher refresher;
    private final Ticker ticker;
    private final long followWaitNanos;

    /**
     * @param refreshes where refresh-ahead runs (a small bounded pool; the calling thread in tests)
     * @param leases    where lease extensions are scheduled
     */
    public ReadEngine(RedisExecutor redis, Guards guards, LoadTransaction transaction, Ticker ticker, Timing timing,
            Executor refreshes, ScheduledExecutorService leases, RacePoints points) {
        this.walk = new LevelWalk(redis, guards, transaction, new LeaseKeeper(leases, redis, timing.leaseTtl()),
                ticker, new LevelWalk.LeaseTiming(timing.leaseTtl().toMillis(), timing.maxWait().toNanos(),
                        timing.firstPause().toNanos(), timing.longestPause().toNanos()), points);
        this.refresher = new Refresher(refreshes, this);
        this.ticker = ticker;
        // A follower waits as long as its leader may: the lease wait, then the lease's own time to load.
        this.followWaitNanos = timing.maxWait().plus(timing.leaseTtl()).toNanos();
    }

    public <V> Slot<V> slot(CacheLevels<V> levels, long id) {
        return new Slot<>(levels, id);
    }

    /** A slot already answered when L1 holds the id fresh (a hit, counted): a batch learns its hits as it grows. */
    public <V> Slot<V> slotLookedUp(CacheLevels<V> levels, long id) {
        Slot<V> slot = new Slot<>(levels, id);
        L1Entry<V> hit = localHit(levels, id);
        if (hit != null) {
            slot.answer(hit);
        }
        return slot;
    }

    /** Answers every slot; throws what a load throws, unless each failed slot had a stale entry to serve. */
    public void read(List<? extends Slot<?>> slots) {
        List<Slot<?>> missed = new ArrayList<>();
        for (Slot<?> slot : slots) {
            if (!slot.done() && !lookUp(slot)) {
                missed.add(slot);
            }
        }
        if (missed.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            readAlone(missed);
            return;
        }
        readShared(missed, 1);
    }

    /**
     * The id's fresh L1 entry, counted as a hit and refreshed ahead when it is in the last part of its TTL; null
     * when L1 has nothing fresh (nothing is counted then: the read that follows counts the miss). This is the
     * whole of an L1 hit.
     */
    public <V> L1Entry<V> localHit(CacheLevels<V> levels, long id) {
        L1Entry<V> entry = levels.local.lookup(id);
        if (entry == null) {
            return null;
        }
        long now = ticker.read();
        if (!entry.freshAt(now)) {
            return null;
        }
        (entry.absent() ? levels.metrics.l1Absent : levels.metrics.l1Hit).increment();
        if (entry.refreshDueAt(now)) {
            refresher.request(levels, id);
        }
        return entry;
    }

    private <V> boolean lookUp(Slot<V> slot) {
        L1Entry<V> hit = localHit(slot.levels, slot.id);
        if (hit != null) {
            slot.answer(hit);
            return true;
        }
        if (slot.levels.local.enabled()) {
            slot.levels.metrics.l1Miss.increment();
            slot.expired = slot.levels.local.lookup(slot.id); // kept past its TTL: served if the load fails
        }
        return false;
    }

    private void readShared(List<Slot<?>> missed, int attempt) {
        List<Slot<?>> alone = new ArrayList<>();
        List<Slot<?>> leading = new ArrayList<>();
        List<Slot<?>> following = new ArrayList<>();
        for (Slot<?> slot : missed) {
            if (attempt == ATTEMPTS && slot.stuck == null) {
                alone.add(slot); // its loads were overtaken by evictions twice: no third shared one
            } else {
                (join(slot) ? leading : following).add(slot);
            }
        }
        if (!alone.isEmpty()) {
            readAlone(alone);
        }
        if (!leading.isEmpty()) {
            serveStaleOnFailure(leading, () -> lead(leading));
        }
        long deadline = ticker.read() + followWaitNanos; // one bound for the whole batch, not one per slot
        List<Slot<?>> again = new ArrayList<>();
        for (Slot<?> slot : following) {
            follow(slot, again, deadline);
        }
        if (again.isEmpty()) {
            return;
        }
        if (attempt < ATTEMPTS) {
            readShared(again, attempt + 1);
        } else {
            giveUp(again);
        }
    }

    /**
     * The last attempt's leftovers. A load overtaken by an eviction is read on its own; a read whose loads stuck
     * three times (taken over and stuck again) does not add one more load to a database that hangs: it is
     * served stale, or fails.
     */
    private void giveUp(List<Slot<?>> slots) {
        List<Slot<?>> overtaken = slots.stream().filter(slot -> slot.stuck == null).toList();
        if (!overtaken.isEmpty()) {
            readAlone(overtaken);
        }
        for (Slot<?> slot : slots) {
            if (!slot.done() && !slot.serveStale()) {
                throw new LoadTimeoutException("load of " + slot.levels.name + " " + slot.id + " did not finish in "
                        + ATTEMPTS + " waits of " + Duration.ofNanos(followWaitNanos));
            }
        }
    }

    /** Joins the key's load, or leads one; a reader whose last load was stuck takes that one over. */
    private static <V> boolean join(Slot<V> slot) {
        Flights.Flight<V> stuck = slot.stuck;
        slot.stuck = null;
        slot.stamp = slot.levels.local.stamp(slot.id);
        slot.joined = stuck != null ? slot.levels.flights.takeOver(slot.id, stuck, slot.stamp)
                : slot.levels.flights.join(slot.id, slot.stamp);
        return slot.joined.leads();
    }

    private void lead(List<Slot<?>> leading) {
        RuntimeException failure = null;
        try {
            walk.throughLevels(leading);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            for (Slot<?> slot : leading) {
                settle(slot, failure);
            }
        }
    }

    private static <V> void settle(Slot<V> slot, RuntimeException failure) {
        Flights.Flight<V> flight = slot.joined.flight();
        if (slot.done()) {
            flight.result.complete(slot.answer());
        } else {
            flight.result.completeExceptionally(failure != null ? failure
                    : new IllegalStateException("read of " + slot.levels.name + " " + slot.id + " not answered"));
        }
        slot.levels.flights.finish(flight);
    }

    private <V> void follow(Slot<V> slot, List<Slot<?>> again, long deadline) {
        Flights.Flight<V> flight = slot.joined.flight();
        slot.levels.points.reached(RacePoints.Point.FOLLOWING, slot.levels.name, slot.id);
        L1Entry<V> entry;
        try {
            entry = await(flight, deadline);
        } catch (ExecutionException e) {
            if (slot.serveStale()) {
                return;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        if (entry == null) {
            slot.stuck = flight; // the load it joined is stuck: do not queue behind it for ever
            again.add(slot);
        } else if (!flight.servesStamp(slot.levels.local.stamp(slot.id))) {
            slot.levels.metrics.poisonedFlights.increment(); // evicted while it ran: it may hold the old row
            again.add(slot);
        } else {
            slot.answer(entry);
        }
    }

    /** The flight's result, or null once the deadline has passed (by the ticker). */
    private <V> L1Entry<V> await(Flights.Flight<V> flight, long deadline) throws ExecutionException {
        while (true) {
            try {
                return flight.result.get(FOLLOW_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ticker.read() - deadline >= 0) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a load", e);
            }
        }
    }

    /** Runs the read; if it fails, the slots it left open are served stale where they can be, else it throws. */
    private static void serveStaleOnFailure(List<Slot<?>> slots, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            for (Slot<?> slot : slots) {
                if (!slot.done() && !slot.serveStale()) {
                    throw e;
                }
            }
        }
    }

    /** Reads these slots on their own, keeping nothing they load (see {@link LevelWalk#readPrivately}). */
    private void readAlone(List<Slot<?>> slots) {
        serveStaleOnFailure(slots, () -> walk.readPrivately(slots));
    }

    /** A refresh-ahead of one key: leads its load (or gives way to one under way), never fails a reader. */
    <V> void refresh(CacheLevels<V> levels, long id) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        L1Entry<V> current = levels.local.lookup(id);
        long now = ticker.read();
        if (current != null && current.freshAt(now) && !current.refreshDueAt(now)) {
            return; // a refresh queued before this one already renewed it: a hot key's reads queue several
        }
        Slot<V> slot = new Slot<>(levels, id);
        slot.renewing = true;
        slot.stamp = levels.local.stamp(id);
        slot.joined = levels.flights.join(id, slot.stamp);
        if (!slot.joined.leads()) {
            return;
        }
        RuntimeException failure = null;
        try {
            walk.throughLevels(List.of(slot));
            levels.metrics.refreshesDone.increment();
        } catch (RuntimeException e) {
            failure = e;
            levels.metrics.refreshesFailed.increment();
            log.debug("Refresh of {} {} failed: {}", levels.name, id, e.getMessage());
        } finally {
            settle(slot, failure);
        }
    }
}
