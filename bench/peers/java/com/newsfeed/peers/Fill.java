package com.newsfeed.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads every row once through a node, so that the contender's L2 holds the whole table. */
final class Fill {

    private Fill() {
    }

    static void everyRow(PeerNode node, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t + 1;
            parts.add(pool.submit(() -> {
                for (long id = first; id <= ArticleTable.ROWS; id += threads) {
                    node.read(id);
                }
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        pool.shutdown();
    }
}
