package com.newsfeed.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;

/**
 * Zipf 0.99 reads over the 100k articles on node A, by {@code threads} threads for {@code duration}: throughput,
 * latency percentiles, the hit ratio of each level (where the contender counts them) and the database loads per
 * 1,000 reads (counted at the database).
 */
final class ZipfReads {

    private static final Zipf ZIPF = new Zipf(ArticleTable.ROWS, 0.99);

    record Result(long reads, double seconds, Histogram latencies, double l1HitRatio, double l2HitRatio,
            double loadsPerThousand, long localEntries) {

        double perSecond() {
            return reads / seconds;
        }
    }

    private ZipfReads() {
    }

    static Result run(PeerNode node, LoadCounter loads, int threads, Duration duration, long seed) throws Exception {
        PeerNode.Levels before = node.levels();
        long loadsBefore = loads.count();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Histogram>> parts = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long threadSeed = seed * 1_000 + t;
            parts.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(threadSeed);
                Histogram histogram = new Histogram(60_000_000_000L, 3);
                while (running.get()) {
                    long id = ZIPF.next(random);
                    long start = System.nanoTime();
                    node.read(id);
                    histogram.recordValue(Math.max(1, System.nanoTime() - start));
                }
                return histogram;
            }));
        }
        Thread.sleep(duration.toMillis()); // the measured window itself: nothing to await
        running.set(false);
        Histogram all = new Histogram(60_000_000_000L, 3);
        for (Future<Histogram> part : parts) {
            all.add(part.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        PeerNode.Levels after = node.levels();
        long reads = all.getTotalCount();
        double l1 = -1;
        double l2 = -1;
        if (after.l1Hits() >= 0) {
            long l1Hits = after.l1Hits() - before.l1Hits();
            long l2Hits = after.l2Hits() - before.l2Hits();
            long misses = after.misses() - before.misses();
            l1 = reads == 0 ? 0 : (double) l1Hits / reads;
            l2 = l2Hits + misses == 0 ? 0 : (double) l2Hits / (l2Hits + misses);
        }
        return new Result(reads, seconds, all, l1, l2, reads == 0 ? 0 : 1_000.0 * (loads.count() - loadsBefore) / reads,
                node.localEntries());
    }
}
