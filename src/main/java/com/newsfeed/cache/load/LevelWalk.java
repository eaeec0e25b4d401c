package com.newsfeed.cache.load;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.local.L1Entry;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;
import com.newsfeed.cache.remote.RemoteRead;

/**
 * The way down for the slots this instance loads: L2 (one round trip for all of them), the guards (bloom filter
 * and leases, one round trip), the loads (one database transaction), the fills (one round trip), and for keys
 * another instance is loading, a bounded wait for its fill. A Redis failure at any step is a miss (I6): the rest
 * of the way goes without Redis (no bloom filter, no lease, no fill). A loader failure propagates (I7), after the
 * leases are given back.
 */
final class LevelWalk {

    /** How the lease wait goes; see {@code newsfeed.cache.lease}. */
    record LeaseTiming(long ttlMillis, long maxWaitNanos, long firstPauseNanos, long longestPauseNanos) {
    }

    private final RedisExecutor redis;
    private final GuardStep guards;
    private final LoadTransaction transaction;
    private final LeaseKeeper keeper;
    private final Ticker ticker;
    private final LeaseTiming timing;
    private final RacePoints points;

    LevelWalk(RedisExecutor redis, Guards guards, LoadTransaction transaction, LeaseKeeper keeper, Ticker ticker,
            LeaseTiming timing, RacePoints points) {
        this.redis = redis;
        this.guards = new GuardStep(redis, guards, timing.ttlMillis());
        this.transaction = transaction;
        this.keeper = keeper;
        this.ticker = ticker;
        this.timing = timing;
        this.points = points;
    }

    /** Answers every slot, from L2, from another instance's fill, or by loading; throws what a load throws. */
    void throughLevels(List<Slot<?>> slots) {
        boolean redisUp = readL2(slots);
        List<Slot<?>> open = open(slots);
        long deadline = ticker.read() + timing.maxWaitNanos();
        while (!open.isEmpty()) {
            List<Slot<?>> granted = new ArrayList<>();
            List<Slot<?>> waiting = new ArrayList<>();
            redisUp = redisUp && guards.guard(open, granted, waiting);
            if (!redisUp) {
                granted = open;
                waiting = List.of();
                granted.forEach(slot -> slot.token = null);
            }
            loadAndFill(granted, redisUp);
            open = waiting.isEmpty() ? List.of() : waitForFills(waiting, deadline);
        }
    }

    /**
     * For a read inside a caller's transaction: L2 hits are kept as usual, but what is loaded runs in that
     * transaction (its snapshot may predate a write another instance already evicted), so it is answered and
     * never kept: no lease, no fill, no L1 entry (I1 under REPEATABLE READ). Also a reader's last attempt, after
     * its loads were cancelled or stuck: it reads on its own and keeps nothing it loaded.
     */
    void readPrivately(List<Slot<?>> slots) {
        slots.forEach(slot -> slot.stamp = slot.levels.local.stamp(slot.id));
        readL2(slots);
        List<Slot<?>> open = open(slots);
        load(open);
        for (Slot<?> slot : open) {
            answerUnkept(slot);
        }
    }

    private boolean readL2(List<Slot<?>> slots) {
        RedisBatch batch = redis.batch();
        List<Runnable> apply = new ArrayList<>();
        List<Slot<?>> reading = new ArrayList<>();
        for (Slot<?> slot : slots) {
            if (slot.levels.skipL2(slot.id)) {
                slot.overExisting = true; // its eviction is pending: reload and overwrite, never read it
            } else if (slot.levels.remote.enabled()) {
                reading.add(slot);
                apply.add(read(batch, slot));
            }
        }
        if (!execute(batch, reading)) {
            return false;
        }
        apply.forEach(Runnable::run);
        return true;
    }

    private <V> Runnable read(RedisBatch batch, Slot<V> slot) {
        Supplier<RemoteRead<V>> reply = slot.levels.remote.read(batch, slot.id, needsTtl(slot));
        return () -> {
            RemoteRead<V> read = reply.get();
            if (slot.renewing && read.found() && read.remainingMillis() < slot.levels.renewL2BelowMillis()) {
                slot.overExisting = true; // a hot key about to expire from L2: reload it under the lease
            } else if (read.found()) {
                slot.keepFromL2(read);
            } else {
                slot.levels.metrics.l2Miss.increment();
                slot.overExisting |= read.state() == RemoteRead.State.UNREADABLE;
            }
        };
    }

    /**
     * Waits for other instances' fills, re-reading L2 with a growing pause, until the ticker passes the deadline;
     * then loads what is still missing itself (kept in L1 only, the fill is the lease holder's).
     *
     * @return the slots whose lease went away without a value (its holder gave up or died): to guard again
     */
    private List<Slot<?>> waitForFills(List<Slot<?>> waiting, long deadline) {
        List<Slot<?>> pending = waiting;
        List<Slot<?>> vanished = new ArrayList<>();
        long pause = timing.firstPauseNanos();
        while (!pending.isEmpty()) {
            if (ticker.read() - deadline >= 0) {
                pending.forEach(slot -> slot.levels.metrics.leaseTimeouts.increment());
                loadAndFill(pending, false);
                return vanished;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(2 * pause, timing.longestPauseNanos());
            RedisBatch batch = redis.batch();
            List<Runnable> apply = new ArrayList<>();
            List<Slot<?>> still = new ArrayList<>();
            for (Slot<?> slot : pending) {
                apply.add(recheck(batch, slot, still, vanished));
            }
            if (!execute(batch, pending)) {
                loadAndFill(pending, false);
                return List.of();
            }
            apply.forEach(Runnable::run);
            pending = still;
        }
        return vanished;
    }

    private <V> Runnable recheck(RedisBatch batch, Slot<V> slot, List<Slot<?>> still,
            List<Slot<?>> vanished) {
        // A key this instance holds (a change it does not know Redis has taken) is never taken from L2: the value
        // there may be the old one. Its waiter waits for the lease to go, then leases over it and loads.
        boolean trustL2 = !slot.levels.skipL2(slot.id);
        Supplier<RemoteRead<V>> read = trustL2 ? slot.levels.remote.read(batch, slot.id, needsTtl(slot))
                : RemoteRead::miss;
        Supplier<Boolean> held = slot.levels.remote.leaseHeld(batch, slot.id);
        return () -> {
            RemoteRead<V> found = read.get();
            if (!trustL2 && !held.get()) {
                slot.overExisting = true;
                vanished.add(slot);
            } else if (found.found()) {
                slot.keepFromL2(found);
            } else if (found.state() == RemoteRead.State.UNREADABLE) {
                slot.overExisting = true; // filled by another release: ours may overwrite it
                vanished.add(slot);
            } else if (held.get()) {
                still.add(slot);
            } else {
                vanished.add(slot);
            }
        };
    }

    /** Loads in one transaction, then fills what was leased in one round trip; keeps in L1 what may be kept. */
    private void loadAndFill(List<Slot<?>> granted, boolean redisUp) {
        if (granted.isEmpty()) {
            return;
        }
        List<Slot<?>> leased = granted.stream().filter(slot -> slot.token != null).toList();
        ScheduledFuture<?> extension = leased.isEmpty() ? null : keeper.keepAlive(leased);
        try {
            transaction.run(() -> {
                load(granted);
                return null;
            });
        } catch (RuntimeException e) {
            release(leased);
            throw e;
        } finally {
            if (extension != null) {
                extension.cancel(false);
            }
        }
        granted.forEach(slot -> points.reached(RacePoints.Point.LOADED, slot.levels.name, slot.id));
        RedisBatch batch = redis.batch();
        List<Runnable> apply = new ArrayList<>();
        List<Runnable> withoutRedis = new ArrayList<>();
        for (Slot<?> slot : granted) {
            fill(batch, slot, redisUp, apply, withoutRedis);
        }
        if (!apply.isEmpty()) {
            leased.forEach(slot -> points.reached(RacePoints.Point.BEFORE_FILL, slot.levels.name, slot.id));
        }
        if (execute(batch, leased)) {
            apply.forEach(Runnable::run);
        } else {
            withoutRedis.forEach(Runnable::run);
        }
    }

    private <V> void fill(RedisBatch batch, Slot<V> slot, boolean redisUp, List<Runnable> apply,
            List<Runnable> withoutRedis) {
        L1Entry<V> entry = slot.levels.entryFromLoad(slot.loaded);
        if (entry == null) { // missing, and markers are off: nothing to keep anywhere
            if (slot.token != null && redisUp) {
                slot.levels.remote.release(batch, slot.id, slot.token);
            }
            answerUnkept(slot);
            return;
        }
        if (slot.token == null || !redisUp) {
            slot.keep(entry);
            return;
        }
        Supplier<Boolean> written = slot.levels.remote.fill(batch, slot.id, slot.token, slot.loaded,
                entry.cached() == null ? null : entry.cached().json());
        // Refused: an eviction cancelled the lease while loading, so this row may be older than that write.
        apply.add(() -> {
            if (written.get()) {
                slot.keep(entry);
            } else {
                slot.answer(entry);
            }
        });
        withoutRedis.add(() -> slot.keep(entry));
    }

    /** Every slot's loader call, grouped per cache: one query for many ids. */
    private void load(List<Slot<?>> slots) {
        Map<CacheLevels<?>, List<Slot<?>>> byCache = new IdentityHashMap<>();
        for (Slot<?> slot : slots) {
            byCache.computeIfAbsent(slot.levels, levels -> new ArrayList<>()).add(slot);
        }
        byCache.values().forEach(LevelWalk::loadGroup);
    }

    @SuppressWarnings("unchecked")
    private static <V> void loadGroup(List<Slot<?>> group) {
        List<Slot<V>> slots = (List<Slot<V>>) (List<?>) group;
        Map<Long, V> values = slots.get(0).levels.loader.load(slots.stream().map(slot -> slot.id).distinct()
                .toList());
        slots.forEach(slot -> slot.loaded = values.get(slot.id));
    }

    private void release(List<Slot<?>> leased) {
        RedisBatch batch = redis.batch();
        leased.forEach(slot -> slot.levels.remote.release(batch, slot.id, slot.token));
        execute(batch, List.of()); // if Redis fails too, the leases simply expire
    }

    private static <V> void answerUnkept(Slot<V> slot) {
        L1Entry<V> entry = slot.levels.entryFromLoad(slot.loaded);
        slot.answer(entry != null ? entry : slot.levels.absentEntry(0));
    }

    /** Runs the batch; false (and counted per cache) when Redis failed. */
    static boolean execute(RedisBatch batch, List<Slot<?>> involved) {
        try {
            batch.execute();
            return true;
        } catch (RedisUnavailableException e) {
            involved.stream().map(slot -> slot.levels).distinct()
                    .forEach(levels -> levels.metrics.l2Errors.increment());
            return false;
        }
    }

    /** L2's remaining TTL caps an L1 entry, and decides a refresh: without either, it is not asked for. */
    private static boolean needsTtl(Slot<?> slot) {
        return slot.levels.local.enabled() || slot.renewing;
    }

    private static List<Slot<?>> open(List<Slot<?>> slots) {
        return slots.stream().filter(slot -> !slot.done()).toList();
    }
}
