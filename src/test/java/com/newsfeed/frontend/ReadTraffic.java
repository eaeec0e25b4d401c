package com.newsfeed.frontend;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Readers on one thread while it is open: skewed reads of the given articles (the first ones most), and one read in
 * ten of an id that does not exist, until closed. What a dashboard under traffic shows.
 */
final class ReadTraffic implements AutoCloseable {

    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong reads = new AtomicLong();

    ReadTraffic(RestTestClient client, List<Long> ids) {
        long missing = ids.stream().mapToLong(Long::longValue).max().orElse(0) + 1_000_000;
        reader.submit(() -> {
            SplittableRandom random = new SplittableRandom(42);
            while (running.get()) {
                long id = random.nextInt(10) == 0 ? missing + random.nextInt(1000)
                        : ids.get((int) (ids.size() * Math.pow(random.nextDouble(), 3)));
                client.get().uri("/api/articles/{id}", id).exchange();
                reads.incrementAndGet();
            }
        });
    }

    long reads() {
        return reads.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reader.shutdown();
        if (!reader.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the reader did not stop");
        }
    }
}
