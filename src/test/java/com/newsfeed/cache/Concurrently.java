package com.newsfeed.cache;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** Runs many readers at once on their own threads, and waits (bounded) until all of them are blocked. */
final class Concurrently {

    private static final Set<Thread> THREADS = ConcurrentHashMap.newKeySet();

    private Concurrently() {
    }

    static <T> List<CompletableFuture<T>> run(int count, Supplier<T> task) {
        return run(count, i -> task.get());
    }

    static <T> List<CompletableFuture<T>> run(int count, IntFunction<T> task) {
        THREADS.clear();
        ExecutorService pool = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            THREADS.add(thread);
            return thread;
        });
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> task.apply(index), pool));
        }
        pool.shutdown();
        return futures;
    }

    /**
     * Waits until the gated loader has read its row and every reader thread is parked (waiting for that load or
     * for another instance's lease), so opening the gate tests the case where all of them came before the fill.
     */
    static void awaitAllBlocked(List<? extends CompletableFuture<?>> readers, FakeItems items) throws Exception {
        if (!items.readDone.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no reader reached the loader");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> THREADS.size() == readers.size()
                && THREADS.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING
                        || thread.getState() == Thread.State.TIMED_WAITING));
    }

    static <T> List<T> results(List<CompletableFuture<T>> futures) throws Exception {
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> future : futures) {
            results.add(future.get(10, TimeUnit.SECONDS));
        }
        return results;
    }
}
