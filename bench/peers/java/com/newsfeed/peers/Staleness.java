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
 * first, then invalidate), so a write that waits on an unreachable Redis is not credited with the wait. B reads at
 * least once after the write returns, however long it took. Ten lanes write at once, each on ids of its own (the
 * hottest ones: B holds them), so that a contender that never tells B costs ten seconds per hundred writes, not a
 * hundred. A write whose invalidation throws is counted as failed; if its row was committed all the same, B is
 * still watched for it.
 */
final class Staleness {

    static final Duration GIVE_UP = Duration.ofSeconds(1);
    private static final int LANES = Integer.getInteger("peers.lanes", 10);

    /**
     * @param changed     the writes whose row changed (a failed write may have committed it, or not)
     * @param writeTimes  how long A's writes took (row, invalidation and all)
     * @param untilSeen   from each changed write's start until B served it; a write B still served stale after
     *                    {@link #GIVE_UP} is counted at {@code GIVE_UP}, a floor, so that it weighs in the tail
     * @param afterReturn from the write's return until B served it (B's part), over the writes B was seen to serve
     * @param written     the ids whose row changed, to check again later
     */
    record Result(int changed, int failedWrites, Histogram writeTimes, Histogram untilSeen, Histogram afterReturn,
            int staleAfterGiveUp, Set<Long> written) {
    }

    private Staleness() {
    }

    /** Up to {@code writes} writes, each lane stopping at {@code writingEnds} (a {@link System#nanoTime()}). */
    static Result run(Contender contender, ArticleTable table, int writes, long writingEnds) throws Exception {
        ExecutorService lanes = Executors.newFixedThreadPool(LANES);
        try {
            List<Future<Lane>> results = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                int first = lane;
                results.add(lanes.submit(() -> {
                    Lane mine = new Lane();
                    for (int i = first; i < writes && System.nanoTime() - writingEnds < 0; i += LANES) {
                        mine.write(contender, table, 1 + i % 1_000);
                    }
                    return mine;
                }));
            }
            Lane all = new Lane();
            for (Future<Lane> result : results) {
                all.add(result.get());
            }
            return new Result(all.written.size(), all.failed, all.writeTimes, all.untilSeen, all.afterReturn,
                    all.stale, all.written);
        } finally {
            lanes.shutdownNow();
        }
    }

    private static final class Lane {
        final Histogram writeTimes = histogram();
        final Histogram untilSeen = histogram();
        final Histogram afterReturn = histogram();
        final Set<Long> written = new TreeSet<>();
        int stale;
        int failed;

        void write(Contender contender, ArticleTable table, long id) {
            contender.b().read(id); // B holds the current version
            contender.b().read(id);
            long before = table.load(id).orElseThrow().version();
            long start = System.nanoTime();
            long returned;
            long version;
            try {
                version = contender.a().write(id, table::update).version();
                returned = System.nanoTime();
            } catch (RuntimeException e) {
                returned = System.nanoTime();
                failed++;
                version = table.load(id).orElseThrow().version(); // committed all the same, or rolled back
            }
            writeTimes.recordValue(Math.max(1, returned - start));
            if (version == before) {
                return; // nothing changed: nothing for B to see
            }
            written.add(id);
            long deadline = Math.max(start + GIVE_UP.toNanos(), returned);
            do {
                Article seen = contender.b().read(id).orElse(null);
                if (seen != null && seen.version() >= version) {
                    long now = System.nanoTime();
                    untilSeen.recordValue(Math.max(1, now - start));
                    afterReturn.recordValue(Math.max(1, now - returned));
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            } while (System.nanoTime() - deadline < 0);
            untilSeen.recordValue(GIVE_UP.toNanos());
            stale++;
        }

        void add(Lane other) {
            writeTimes.add(other.writeTimes);
            untilSeen.add(other.untilSeen);
            afterReturn.add(other.afterReturn);
            written.addAll(other.written);
            stale += other.stale;
            failed += other.failed;
        }

        private static Histogram histogram() {
            return new Histogram(60_000_000_000L, 3);
        }
    }
}
