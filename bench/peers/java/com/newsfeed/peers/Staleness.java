package com.newsfeed.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Node A updates a row and invalidates through the contender's API; node B, which holds the old value, reads it
 * again and again: how long until B serves the new version, and how many writes B still served stale one second
 * later. Timed from the start of the write: the row may be committed before the write returns (the peers commit it
 * first, then invalidate), so a write that waits on an unreachable Redis is not credited with the wait. Ten lanes
 * write at once, each on ids of its own (the hottest ones: B holds them), so that a contender that never tells B
 * costs ten seconds per hundred writes, not a hundred. A write whose invalidation throws is counted as failed; if
 * its row was committed all the same, B is still watched for it.
 */
final class Staleness {

    static final Duration GIVE_UP = Duration.ofSeconds(1);
    private static final int LANES = Integer.getInteger("peers.lanes", 10);

    /**
     * {@code converged}: from each write's start to B serving it; {@code writeTimes}: how long A's writes took
     * (row, invalidation and all); {@code afterReturn}: from the write's return to B serving it, B's part;
     * {@code written}: the ids whose row changed, to check again later.
     */
    record Result(int writes, int failedWrites, Histogram writeTimes, Histogram converged, Histogram afterReturn,
            int staleAfterGiveUp, Set<Long> written) {
    }

    private Staleness() {
    }

    static Result run(Contender contender, ArticleTable table, int writes) throws Exception {
        ExecutorService lanes = Executors.newFixedThreadPool(LANES);
        List<Future<Lane>> results = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            int first = lane;
            results.add(lanes.submit(() -> {
                Lane mine = new Lane();
                for (int i = first; i < writes; i += LANES) {
                    mine.write(contender, table, 1 + i % 1_000);
                }
                return mine;
            }));
        }
        Histogram writeTimes = new Histogram(60_000_000_000L, 3);
        Histogram converged = new Histogram(60_000_000_000L, 3);
        Histogram afterReturn = new Histogram(60_000_000_000L, 3);
        int stale = 0;
        int failed = 0;
        Set<Long> written = new TreeSet<>();
        for (Future<Lane> result : results) {
            Lane lane = result.get();
            writeTimes.add(lane.writeTimes);
            converged.add(lane.converged);
            afterReturn.add(lane.afterReturn);
            stale += lane.stale;
            failed += lane.failed;
            written.addAll(lane.written);
        }
        lanes.shutdown();
        return new Result(writes, failed, writeTimes, converged, afterReturn, stale, written);
    }

    private static final class Lane {
        final Histogram writeTimes = new Histogram(60_000_000_000L, 3);
        final Histogram converged = new Histogram(60_000_000_000L, 3);
        final Histogram afterReturn = new Histogram(60_000_000_000L, 3);
        final Set<Long> written = new TreeSet<>();
        int stale;
        int failed;

        void write(Contender contender, ArticleTable table, long id) {
            contender.b().read(id); // B holds the current version
            contender.b().read(id);
            long before = table.load(id).orElseThrow().version();
            long start = System.nanoTime();
            long version;
            try {
                version = contender.a().write(id, table::update).version();
            } catch (RuntimeException e) {
                failed++;
                version = table.load(id).orElseThrow().version(); // committed all the same, or rolled back
            }
            long returned = System.nanoTime();
            writeTimes.recordValue(Math.max(1, returned - start));
            if (version == before) {
                return; // nothing changed: nothing for B to see
            }
            written.add(id);
            long deadline = start + GIVE_UP.toNanos();
            while (System.nanoTime() < deadline) {
                Article seen = contender.b().read(id).orElse(null);
                if (seen != null && seen.version() >= version) {
                    long now = System.nanoTime();
                    converged.recordValue(Math.max(1, now - start));
                    afterReturn.recordValue(Math.max(1, now - returned));
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
            stale++;
        }
    }
}
