package com.newsfeed.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Node A updates a row and invalidates through the contender's API; node B, which holds the old value, reads it
 * again and again: how long until B serves the new version (measured from the write's return), and how many writes
 * B still served stale one second later. Ten lanes write at once, each on ids of its own (the hottest ones: B holds
 * them), so that a contender that never tells B costs ten seconds per hundred writes, not a hundred.
 */
final class Staleness {

    static final Duration GIVE_UP = Duration.ofSeconds(1);
    private static final int LANES = Integer.getInteger("peers.lanes", 10);

    record Result(int writes, Histogram converged, int staleAfterGiveUp) {
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
                    long id = 1 + i % 1_000;
                    contender.b().read(id); // B holds the current version
                    contender.b().read(id);
                    Article written = contender.a().write(id, table::update);
                    long start = System.nanoTime();
                    long deadline = start + GIVE_UP.toNanos();
                    boolean fresh = false;
                    while (System.nanoTime() < deadline) {
                        Article seen = contender.b().read(id).orElse(null);
                        if (seen != null && seen.version() >= written.version()) {
                            fresh = true;
                            break;
                        }
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                    }
                    if (fresh) {
                        mine.converged.recordValue(Math.max(1, System.nanoTime() - start));
                    } else {
                        mine.stale++;
                    }
                }
                return mine;
            }));
        }
        Histogram converged = new Histogram(60_000_000_000L, 3);
        int stale = 0;
        for (Future<Lane> result : results) {
            converged.add(result.get().converged);
            stale += result.get().stale;
        }
        lanes.shutdown();
        return new Result(writes, converged, stale);
    }

    private static final class Lane {
        final Histogram converged = new Histogram(60_000_000_000L, 3);
        int stale;
    }
}
