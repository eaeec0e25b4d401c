package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;

/**
 * Two instances, each reaching Redis through its own TCP proxy, with writers and readers on both, while the
 * proxies are cut (blackholed, reset, or slowed past the command timeout) and healed at random. A history checker
 * then asserts the staleness bound: no read that started more than {@link #BOUND} after a write committed returns
 * an older version; and after healing, every read on every instance returns the last committed version.
 * The seed is printed (and can be set with {@code -Dfault.seed=...}), so a failure replays.
 */
class FaultInjectionIT {

    /** The stated bound: the outbox poll (250 ms) plus a Redis timeout (200 ms here), with room for a busy CPU. */
    static final Duration BOUND = Duration.ofMillis(1_000);
    private static final int CUTS = Integer.getInteger("fault.cuts", 200);
    private static final int KEYS = 5;
    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    /** One read: which key, when it began, which version it returned. */
    private record Read(int key, long startedNanos, long version, String instance) {
    }

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @AfterEach
    void tearDown() throws Exception {
        running.set(false);
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void randomCutsBetweenTwoInstancesAndRedis_neverServeAValueOlderThanTheBound_andHealCompletely()
            throws Exception {
        long seed = Long.getLong("fault.seed", System.nanoTime());
        System.out.printf("FaultInjectionIT seed %d (replay with -Dfault.seed=%d)%n", seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        ProxiedRedis proxyA = open(ProxiedRedis.open(Duration.ofMillis(200)));
        ProxiedRedis proxyB = open(ProxiedRedis.open(Duration.ofMillis(200)));
        CacheHarness a = open(instance(CacheHarness.newPrefix(), proxyA));
        CacheHarness b = open(instance(a.prefix, proxyB));
        Versions source = new Versions();
        LayeredCache<Item> onA = a.cache(source);
        LayeredCache<Item> onB = b.cache(source);
        AtomicLongArray lastVersion = new AtomicLongArray(KEYS);
        Map<Long, Long> committedAt = new ConcurrentHashMap<>(); // key * 1e9 + version -> nanos
        List<Read> reads = java.util.Collections.synchronizedList(new ArrayList<>());

        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (CacheHarness harness : List.of(a, b)) {
            work.add(threads.submit(() -> upkeep(harness)));
        }
        for (int r = 0; r < 4; r++) {
            LayeredCache<Item> cache = r % 2 == 0 ? onA : onB;
            String name = r % 2 == 0 ? "A" : "B";
            long readerSeed = random.nextLong();
            work.add(threads.submit(() -> read(cache, name, new SplittableRandom(readerSeed), reads)));
        }
        for (CacheHarness harness : List.of(a, b)) {
            LayeredCache<Item> cache = harness == a ? onA : onB;
            long writerSeed = random.nextLong();
            work.add(threads.submit(() -> write(harness, cache, source, new SplittableRandom(writerSeed),
                    lastVersion, committedAt)));
        }

        for (int cut = 0; cut < CUTS; cut++) {
            List<ProxiedRedis> cutting = switch (random.nextInt(5)) {
                case 0 -> List.of(proxyA, proxyB);
                case 1, 2 -> List.of(proxyA);
                default -> List.of(proxyB);
            };
            int mode = random.nextInt(3);
            for (ProxiedRedis proxy : cutting) {
                switch (mode) {
                    case 0 -> proxy.blackhole();
                    case 1 -> proxy.reset();
                    default -> proxy.delay(Duration.ofMillis(300));
                }
            }
            pause(20 + random.nextInt(280));
            cutting.forEach(ProxiedRedis::pass);
            pause(20 + random.nextInt(180));
        }
        running.set(false);
        for (Future<?> each : work) {
            each.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        long checked = 0;
        long worstNanos = 0;
        for (Read read : List.copyOf(reads)) {
            long newestDue = 0;
            for (long version = read.version() + 1; version <= lastVersion.get(read.key()); version++) {
                Long committed = committedAt.get(read.key() * 1_000_000_000L + version);
                if (committed != null && read.startedNanos() - committed > 0) {
                    worstNanos = Math.max(worstNanos, read.startedNanos() - committed);
                    newestDue = Math.max(newestDue, read.startedNanos() - committed > BOUND.toNanos() ? version : 0);
                }
            }
            assertThat(newestDue).as("read %s returned v%d, though v%d had committed more than %s before it began",
                    read, read.version(), newestDue, BOUND).isZero();
            checked++;
        }
        System.out.printf("FaultInjectionIT: %d cuts, %d reads checked, %d writes; longest a read began after a"
                + " newer commit and still returned older: %d ms (bound %d ms)%n", CUTS, checked,
                committedAt.size(), worstNanos / 1_000_000, BOUND.toMillis());

        // Healed: once every instance has delivered what it holds, every read is the last committed version.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (CacheHarness harness : List.of(a, b)) {
                harness.ticker.advance(Duration.ofSeconds(3));
                harness.probe();
                harness.poll();
            }
            for (int key = 0; key < KEYS; key++) {
                assertThat(onA.getValue(key).orElseThrow().score()).as("A, key %d", key)
                        .isEqualTo(lastVersion.get(key));
                assertThat(onB.getValue(key).orElseThrow().score()).as("B, key %d", key)
                        .isEqualTo(lastVersion.get(key));
            }
            assertThat(a.undeliveredRows()).isZero();
        });
        assertThat(checked).isGreaterThan(1_000);
    }

    private CacheHarness instance(String prefix, ProxiedRedis proxy) {
        return new CacheHarness(prefix, FULL, CacheHarness.Options.defaults().connections(proxy.factory())
                .leaseWait(Duration.ofMillis(500)).leaseTtl(Duration.ofSeconds(1)));
    }

    /** What an instance's schedule does: poll the outbox, probe the breaker; its clock follows real time. */
    private void upkeep(CacheHarness harness) {
        long last = System.nanoTime();
        while (running.get()) {
            long now = System.nanoTime();
            harness.ticker.advance(Duration.ofNanos(now - last));
            last = now;
            harness.probe();
            harness.poll();
            pause(250);
        }
    }

    private void read(LayeredCache<Item> cache, String instance, SplittableRandom random, List<Read> reads) {
        while (running.get()) {
            int key = random.nextInt(KEYS);
            long started = System.nanoTime();
            long version = cache.getValue(key).orElseThrow().score();
            reads.add(new Read(key, started, version, instance));
            pause(random.nextInt(3));
        }
    }

    private void write(CacheHarness harness, LayeredCache<Item> cache, Versions source, SplittableRandom random,
            AtomicLongArray lastVersion, Map<Long, Long> committedAt) {
        while (running.get()) {
            int key = random.nextInt(KEYS);
            long[] written = new long[1];
            harness.inTransaction(() -> {
                written[0] = source.write(key);
                cache.evictAfterCommit(key);
            });
            committedAt.put(key * 1_000_000_000L + written[0], System.nanoTime());
            lastVersion.accumulateAndGet(key, written[0], Math::max);
            pause(20 + random.nextInt(60));
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    /** Paces the load and the cuts (not a wait for an effect: those are awaited with a bound). */
    private static void pause(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** The source of truth: per key, a version that only grows (the row's version column). */
    private static final class Versions extends FakeItems {

        private final AtomicLong[] versions = new AtomicLong[KEYS];

        Versions() {
            for (int key = 0; key < KEYS; key++) {
                versions[key] = new AtomicLong();
                rows.put((long) key, item(key, 0));
            }
        }

        long write(int key) {
            long version = versions[key].incrementAndGet();
            rows.compute((long) key, (id, old) -> old.score() >= version ? old : item(key, version));
            return version;
        }

        private static Item item(int key, long version) {
            return new Item(key, "v" + version, (int) version, List.of(), Item.of(key, "x").at(), null, null);
        }
    }
}
