package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.remote.BloomProbe;

/**
 * What an invalidation message from another instance does on the thread it arrives on (Lettuce's event loop), and
 * what waits for the bus's own thread: an eviction drops the L1 copy on arrival, so a reader stops serving the old
 * value without waiting for a second thread to get a core; a created id is left for the bus's thread, which adds it
 * to the filter before it drops the "does not exist" marker (the other order would let a reader cache the marker
 * again). The bus's thread here is a queue the test runs by hand, so "before it ran" is certain.
 */
class MessageArrivalIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private final QueuedExecutor busThread = new QueuedExecutor();
    private final CacheHarness node = new CacheHarness(CacheHarness.newPrefix(), FULL,
            CacheHarness.Options.defaults().busThread(busThread));

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void anotherNodesEviction_dropsL1OnArrival_beforeTheBusThreadRuns() {
        FakeItems items = new FakeItems().with(1, "v1").with(2, "v1");
        LayeredCache<Item> cache = node.cache(items);
        cache.get(1);
        cache.get(2);
        busThread.runAll(); // whatever the start queued

        node.bus.message(channel(), message(7, "items:1:EVICT", 8, "items:2:UPDATED"));

        assertThat(cache.peekLocal(1)).as("evicted on arrival").isEmpty();
        assertThat(cache.peekLocal(2)).as("updated elsewhere: evicted on arrival").isEmpty();
        assertThat(busThread.pending()).as("the rest of the message waits for the bus's thread").isEqualTo(1);
        assertThat(node.count("newsfeed.cache.invalidations.received")).isZero();

        assertThat(cache.getValue(1)).as("read again (from L2, which the writer would have changed)").isPresent();
        busThread.runAll();
        assertThat(node.count("newsfeed.cache.invalidations.received")).isEqualTo(1);
        assertThat(cache.peekLocal(1)).as("not evicted a second time by the bus's thread").isPresent();
    }

    @Test
    void aRealMessage_dropsL1OnLettucesEventLoop_withTheBusThreadNeverRun() {
        try (CacheHarness writer = new CacheHarness(node.prefix, FULL, CacheHarness.Options.defaults())) {
            FakeItems items = new FakeItems().with(1, "v1");
            LayeredCache<Item> here = node.cache(items);
            LayeredCache<Item> there = writer.cache(items);
            here.get(1);
            busThread.runAll();

            items.with(1, "v2");
            writer.inTransaction(() -> there.evictAfterCommit(1));

            await().atMost(Duration.ofSeconds(5)).until(() -> here.peekLocal(1).isEmpty());
            assertThat(busThread.pending()).as("the bus's thread never ran it").isPositive();
            assertThat(here.getValue(1).orElseThrow().name()).isEqualTo("v2");
        }
    }

    @Test
    void anotherNodesCreatedId_waitsForTheBusThread_whichAddsItToTheFilterBeforeDroppingTheMarker() {
        FakeItems items = new FakeItems().with(1, "v1");
        RedisBloomFilter bloom = node.bloomFilter(items);
        bloom.rebuild();
        AtomicReference<LayeredCache<Item>> cacheRef = new AtomicReference<>();
        AtomicBoolean markerHeldAtTheAdd = new AtomicBoolean();
        IdFilter watched = new IdFilter() { // at the add, a read must still find the marker in L1
            @Override
            public String name() {
                return bloom.name();
            }

            @Override
            public BloomProbe probe(long id) {
                return bloom.probe(id);
            }

            @Override
            public void add(long id) {
                long hits = cacheRef.get().statistics().l1().hits();
                markerHeldAtTheAdd.set(cacheRef.get().get(id).isEmpty()
                        && cacheRef.get().statistics().l1().hits() == hits + 1);
                bloom.add(id);
            }

            @Override
            public long rebuild() {
                return bloom.rebuild();
            }

            @Override
            public boolean isReady() {
                return bloom.isReady();
            }
        };
        LayeredCache<Item> cache = node.cache(items, watched);
        cacheRef.set(cache);
        assertThat(cache.get(9)).isEmpty(); // the filter rejects it: a marker in L1
        busThread.runAll();
        items.with(9, "new"); // another instance created it and committed

        node.bus.message(channel(), message(11, "items:9:CREATED"));

        long hits = cache.statistics().l1().hits();
        assertThat(cache.get(9)).as("the marker is still served until the bus's thread runs").isEmpty();
        assertThat(cache.statistics().l1().hits()).isEqualTo(hits + 1);
        busThread.runAll();
        assertThat(markerHeldAtTheAdd).as("the filter add came first, the marker still in L1").isTrue();
        assertThat(cache.getValue(9)).as("in the filter, the marker gone").map(Item::name).contains("new");
        assertThat(items.loads.get()).as("one load: for id 9 once it exists (id 1 was never read)").isEqualTo(1);
    }

    @Test
    void anEntryThisReleaseCannotRead_isSkipped_andTheRestOfTheMessageApplies() {
        FakeItems items = new FakeItems().with(1, "v1");
        LayeredCache<Item> cache = node.cache(items);
        cache.get(1);
        busThread.runAll();

        node.bus.message(channel(), message(14, "items:x:EVICT", 12, "items:1:RENAMED"));

        assertThat(cache.peekLocal(1)).as("an unknown kind evicts: always safe").isEmpty();
        busThread.runAll();
        assertThat(node.count("newsfeed.cache.invalidations.received")).isEqualTo(1);
    }

    @Test
    void thisNodesOwnMessage_andPings_evictNothing() {
        FakeItems items = new FakeItems().with(1, "v1");
        LayeredCache<Item> cache = node.cache(items);
        cache.get(1);
        busThread.runAll();

        node.bus.message(channel(), ("v3 " + node.bus.nodeId() + " " + System.currentTimeMillis()
                + " 13:items:1:EVICT").getBytes(StandardCharsets.UTF_8));
        node.bus.message(channel(), ("ping other-node 42").getBytes(StandardCharsets.UTF_8));
        busThread.runAll();

        assertThat(cache.peekLocal(1)).isPresent();
        assertThat(node.count("newsfeed.cache.invalidations.received")).isZero();
    }

    private byte[] channel() {
        return (node.prefix + "invalidations").getBytes(StandardCharsets.UTF_8);
    }

    /** A message as another instance's writer sends it: pairs of an outbox sequence and "cache:id:kind". */
    private static byte[] message(Object... seqAndEntry) {
        StringBuilder text = new StringBuilder("v3 other-node " + System.currentTimeMillis());
        for (int i = 0; i < seqAndEntry.length; i += 2) {
            text.append(' ').append(seqAndEntry[i]).append(':').append(seqAndEntry[i + 1]);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An executor whose tasks wait in a queue until the test runs them, on its own thread. */
    private static final class QueuedExecutor extends AbstractExecutorService {

        private final Queue<Runnable> tasks = new ArrayDeque<>();
        private boolean shutDown;

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }

        @Override
        public synchronized void shutdown() {
            shutDown = true;
        }

        @Override
        public synchronized List<Runnable> shutdownNow() {
            shutDown = true;
            List<Runnable> left = List.copyOf(tasks);
            tasks.clear();
            return left;
        }

        @Override
        public synchronized boolean isShutdown() {
            return shutDown;
        }

        @Override
        public synchronized boolean isTerminated() {
            return shutDown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
