package com.newsfeed.peers;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis killed and started again under load: readers on both nodes all along (Zipf over the hottest ids), and
 * node A writing during the outage (each write's row committed; its invalidation as the contender manages). Counts
 * the reads that failed (an exception) while Redis was away, the writes whose invalidation failed, and once Redis is
 * back and a settling time has passed, the written rows node B still serves at an old version.
 */
final class RedisRestart {

    record Result(long reads, long failedReads, int writes, int failedWrites, int staleAfter) {
    }

    private RedisRestart() {
    }

    static Result run(Contender contender, ArticleTable table, RedisServer redis, Duration outage,
            Duration settle) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        int failedWrites = 0;
        List<Long> tried = new ArrayList<>();
        boolean down = false;
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                PeerNode node = r % 2 == 0 ? contender.a() : contender.b();
                long seed = r;
                loops.add(readers.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    while (running.get()) {
                        try {
                            node.read(1 + random.nextInt(200));
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (long id = 1; id <= 100; id++) { // B holds the rows that will be written
                contender.b().read(id);
            }
            redis.stop();
            down = true;
            long outageEnds = System.nanoTime() + outage.toNanos();
            for (long id = 1; id <= 100 && System.nanoTime() < outageEnds; id += 2) {
                tried.add(id);
                try {
                    contender.a().write(id, table::update);
                } catch (RuntimeException e) {
                    failedWrites++; // the row may be committed all the same: checked below against the database
                }
            }
            while (System.nanoTime() < outageEnds) {
                TimeUnit.MILLISECONDS.sleep(50); // the outage's remaining length, under the readers' load
            }
            redis.start();
            down = false;
            TimeUnit.NANOSECONDS.sleep(settle.toNanos()); // what each contender is given to catch up
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get();
            }
        } finally {
            running.set(false);
            readers.shutdownNow();
            if (down) {
                redis.start(); // the scenarios after this one need it
            }
        }
        int stale = StaleRows.count(contender.b(), table, tried);
        return new Result(reads.get(), failed.get(), tried.size(), failedWrites, stale);
    }

    /** The harness's private redis-server, stopped and started again on the same port. */
    static final class RedisServer {

        private final int port;
        private final String dir;

        RedisServer(int port, String dir) {
            this.port = port;
            this.dir = dir;
        }

        void stop() throws IOException, InterruptedException {
            run("redis-cli", "-p", Integer.toString(port), "shutdown", "nosave");
        }

        void start() throws IOException, InterruptedException {
            run("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir, "--daemonize", "yes", "--pidfile", dir + "/redis.pid",
                    "--logfile", dir + "/redis.log");
            for (int i = 0; i < 100; i++) {
                Process ping = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping").start();
                if (ping.waitFor() == 0 && new String(ping.getInputStream().readAllBytes()).contains("PONG")) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            throw new IllegalStateException("redis-server did not start again on port " + port);
        }

        private static void run(String... command) throws IOException, InterruptedException {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
        }
    }
}
