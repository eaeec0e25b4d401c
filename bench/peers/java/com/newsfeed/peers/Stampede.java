package com.newsfeed.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A hot key expires under 200 readers, 100 on each node, all let go at once: how many loader calls (database reads)
 * that expiry costs. The expiry is the entry's removal from both levels on both nodes (what a TTL does), through
 * the harness, not the contender's invalidation.
 */
final class Stampede {

    static final int READERS_PER_NODE = 100;

    record Result(int expiries, long minLoads, long maxLoads, double meanLoads) {
    }

    private Stampede() {
    }

    static Result run(Contender contender, LoadCounter loadsA, LoadCounter loadsB, Runnable expireAll,
            int expiries) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(2 * READERS_PER_NODE);
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        for (int round = 0; round < expiries; round++) {
            long id = 1 + round;
            contender.a().read(id);
            contender.b().read(id);
            expireAll.run();
            long before = loadsA.count() + loadsB.count();
            CyclicBarrier start = new CyclicBarrier(2 * READERS_PER_NODE);
            List<Future<?>> reads = new ArrayList<>();
            for (int r = 0; r < 2 * READERS_PER_NODE; r++) {
                PeerNode node = r % 2 == 0 ? contender.a() : contender.b();
                reads.add(readers.submit(() -> {
                    start.await();
                    return node.read(id);
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
            long loads = loadsA.count() + loadsB.count() - before;
            min = Math.min(min, loads);
            max = Math.max(max, loads);
            total += loads;
        }
        readers.shutdown();
        return new Result(expiries, min, max, (double) total / expiries);
    }
}
