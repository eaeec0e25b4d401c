package com.newsfeed.cache.invalidation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.InvalidationLag;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * Tells every other instance, within milliseconds, what a write changed, over Redis pub/sub on one channel: it
 * needs nothing but the Redis the service already uses, and each message names the changes (cache, id, kind,
 * outbox sequence), so a node evicts exactly what changed and knows the writer delivered it. Server-assisted
 * client-side caching (RESP3 tracking) was the alternative, but it tracks keys read through one connection,
 * while L1 here is filled from several levels and from lists. Each node ignores its own messages by a node id.
 *
 * <p>The subscription is a Lettuce pub/sub connection of its own (a subscribed connection can do nothing else),
 * which Lettuce reconnects and resubscribes by itself after a drop. (Spring's {@code RedisMessageListenerContainer}
 * was the first choice; but while it cannot subscribe it retries on the thread that started it, so a service
 * started with Redis down never finished starting.) Pub/sub delivers at most once; a message lost
 * to a disconnect is not lost to the cache: the outbox tail applies every change it has not seen in a message
 * within one poll. A subscription that dies silently would only cost that latency, but it is noticed too: the bus
 * sends itself a ping every {@code check-interval} and opens a new subscription when one does not come back
 * within {@code check-timeout}. Redis down at start only means no subscription yet: each check tries again.
 */
public final class InvalidationBus extends RedisPubSubAdapter<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(InvalidationBus.class);
    /**
     * The message format, and the key layout its writer deleted under ({@code KeyLayout}: layout v2, message v3).
     * A message from a release of another layout is ignored: it names deletes of keys this release never reads.
     * That does not make a mixed fleet safe (the outbox's delivered mark does not say which layout a delivery
     * reached), so a layout changes with the whole fleet stopped: see the README's upgrade note.
     */
    private static final String VERSION = "v3";
    private static final String PING = "ping";

    private final String nodeId = UUID.randomUUID().toString().substring(0, 13);
    private final CacheDirectory caches;
    private final OutboxTail tail;
    private final RedisExecutor redis;
    private final byte[] channel;
    private final Clock clock;
    private final Ticker ticker;
    private final long checkTimeoutNanos;
    private final Supplier<StatefulRedisPubSubConnection<byte[], byte[]>> connector;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> subscription;
    private final ExecutorService handling;
    private final AtomicLong pingSentAt = new AtomicLong(-1);
    private final Timer lag;
    private final Counter received;
    private final Counter resubscriptions;

    /** @param connector opens a pub/sub connection (Lettuce keeps it, and its subscription, alive once open) */
    public InvalidationBus(CacheDirectory caches, OutboxTail tail, RedisExecutor redis,
            Supplier<StatefulRedisPubSubConnection<byte[], byte[]>> connector, String keyPrefix, Clock clock,
            Ticker ticker, Duration checkTimeout, MeterRegistry meters) {
        this(caches, tail, redis, connector, keyPrefix, clock, ticker, checkTimeout, meters,
                Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "cache-invalidations");
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    /** @param handling the bus's own thread: what a message does after its arrival, in arrival order */
    public InvalidationBus(CacheDirectory caches, OutboxTail tail, RedisExecutor redis,
            Supplier<StatefulRedisPubSubConnection<byte[], byte[]>> connector, String keyPrefix, Clock clock,
            Ticker ticker, Duration checkTimeout, MeterRegistry meters, ExecutorService handling) {
        this.handling = handling;
        this.connector = connector;
        this.caches = caches;
        this.tail = tail;
        this.redis = redis;
        this.channel = (keyPrefix + "invalidations").getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.ticker = ticker;
        this.checkTimeoutNanos = checkTimeout.toNanos();
        this.lag = Timer.builder("newsfeed.cache.invalidation.lag")
                .description("From a write's invalidation message being sent to another instance evicting its L1")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
        this.received = Counter.builder("newsfeed.cache.invalidations.received").register(meters);
        this.resubscriptions = Counter.builder("newsfeed.cache.invalidations.resubscriptions")
                .description("Times the subscription was found dead (a ping did not come back) and renewed")
                .register(meters);
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Messages from other instances applied here, and their lag: median and 99th percentile over the timer's
     * recent window, the longest in its decaying window (about two minutes), in milliseconds; all 0 while no
     * message came in that window. The percentiles come from a histogram that rounds up (by up to a few per cent):
     * they are capped at the maximum, which is exact.
     */
    public InvalidationLag lag() {
        HistogramSnapshot snapshot = lag.takeSnapshot();
        double max = snapshot.max(TimeUnit.MILLISECONDS);
        double p50 = 0;
        double p99 = 0;
        for (var percentile : snapshot.percentileValues()) {
            if (percentile.percentile() == 0.5) {
                p50 = Math.min(max, percentile.value(TimeUnit.MILLISECONDS));
            } else if (percentile.percentile() == 0.99) {
                p99 = Math.min(max, percentile.value(TimeUnit.MILLISECONDS));
            }
        }
        return new InvalidationLag((long) received.count(), p50, p99, max);
    }

    /** Subscribes; with Redis down at start, the subscription check subscribes once it is back. */
    public void start() {
        subscribe();
    }

    private synchronized void subscribe() {
        StatefulRedisPubSubConnection<byte[], byte[]> opened = null;
        try {
            opened = connector.get();
            opened.addListener(this);
            opened.sync().subscribe(channel);
            subscription = opened;
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.closeAsync();
            }
            log.warn("Invalidation subscription not established ({}): the outbox tail covers meanwhile",
                    e.getMessage());
        }
    }

    public synchronized void stop() {
        StatefulRedisPubSubConnection<byte[], byte[]> open = subscription;
        subscription = null;
        if (open != null) {
            open.close();
        }
        handling.shutdown();
    }

    /** Whether a ping is out that has not come back yet (the subscription is not known to work). */
    public boolean awaitingPing() {
        return pingSentAt.get() >= 0;
    }

    /** Adds the message announcing these changes to the writer's delivery batch, after their Redis parts. */
    void addMessage(RedisBatch batch, List<Invalidation> changes) {
        String entries = changes.stream().map(change -> change.seq() + ":" + change.cache() + ":" + change.id()
                + ":" + change.kind()).collect(Collectors.joining(" "));
        batch.publish(channel, (VERSION + ' ' + nodeId + ' ' + clock.millis() + ' ' + entries)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The subscription check, every {@code check-interval}: if the last ping has not come back within the
     * timeout, the subscription is renewed; then a new ping goes out.
     */
    public void checkSubscription() {
        if (subscription == null) {
            subscribe();
        }
        long sent = pingSentAt.get();
        if (sent >= 0 && ticker.read() - sent > checkTimeoutNanos) {
            resubscriptions.increment();
            log.warn("Invalidation subscription silent (a ping did not come back): subscribing again");
            StatefulRedisPubSubConnection<byte[], byte[]> silent = subscription;
            subscription = null;
            if (silent != null) {
                silent.closeAsync();
            }
            subscribe();
            pingSentAt.set(-1);
        }
        if (pingSentAt.get() < 0) {
            try {
                RedisBatch batch = redis.batch();
                batch.publish(channel, (PING + ' ' + nodeId + ' ' + ThreadLocalRandom.current().nextLong())
                        .getBytes(StandardCharsets.UTF_8));
                pingSentAt.set(ticker.read());
                batch.execute();
            } catch (RedisUnavailableException e) {
                pingSentAt.set(-1); // Redis is down: nothing to check until it is back
            }
        }
    }

    /**
     * Called on Lettuce's event loop, which must never wait on Redis. Another node's eviction or update drops the
     * L1 copy here and now (a generation bump and a Caffeine invalidate: no I/O, and at worst Caffeine's own
     * maintenance, bounded, when its write buffer is full): a hop to another thread can wait tens of milliseconds
     * for a core on a busy machine, and readers serve the old value meanwhile (bench/peers: the staleness tail).
     * The writer published only after its Redis part had succeeded, so a reader that misses L1 now finds L2
     * changed. The rest goes to the bus's own thread, in order: confirmations, a clear (it walks all of L1), and a
     * created id (its filter add may call Redis, and must come before its L1 eviction, or a reader in between would
     * cache "does not exist" again).
     */
    @Override
    public void message(byte[] fromChannel, byte[] message) {
        long arrived = clock.millis();
        String[] parts = new String(message, StandardCharsets.UTF_8).split(" ");
        if (parts.length >= 2 && parts[0].equals(PING)) {
            handling.execute(() -> pinged(parts[1]));
        } else if (fromAnotherNode(parts)) {
            List<Invalidation> changes = changes(parts);
            try {
                changes.stream().filter(InvalidationBus::evictsOnArrival).forEach(change -> caches
                        .levels(change.cache()).ifPresent(levels -> Deliveries.applyLocalPart(levels, change)));
            } finally {
                handling.execute(() -> applyRest(changes, parts[2], arrived)); // whatever happened on arrival
            }
        }
    }

    /** A ping came back: the subscription works end to end, through this thread too. */
    private void pinged(String sender) {
        if (sender.equals(nodeId)) {
            pingSentAt.set(-1);
        }
    }

    /** The rest of another instance's message, on the bus's thread, in arrival order. */
    private void applyRest(List<Invalidation> changes, String sentMillis, long arrived) {
        for (Invalidation change : changes) {
            apply(change);
        }
        received.increment();
        // Until L1 dropped what the message names: on arrival, unless part of it waited for this thread.
        long evicted = changes.stream().allMatch(InvalidationBus::evictsOnArrival) ? arrived : clock.millis();
        lag.record(Math.max(0, evicted - Long.parseLong(sentMillis)), TimeUnit.MILLISECONDS);
    }

    private boolean fromAnotherNode(String[] parts) {
        return parts.length >= 4 && parts[0].equals(VERSION) && !parts[1].equals(nodeId);
    }

    /** The message's changes; an entry this release cannot read is skipped (the outbox tail applies it). */
    private static List<Invalidation> changes(String[] parts) {
        List<Invalidation> changes = new ArrayList<>(parts.length - 3);
        for (int i = 3; i < parts.length; i++) {
            String[] fields = parts[i].split(":");
            try {
                if (fields.length == 4) {
                    changes.add(new Invalidation(Long.parseLong(fields[0]), fields[1], Long.parseLong(fields[2]),
                            InvalidationKind.named(fields[3]), null));
                }
            } catch (NumberFormatException e) {
                log.debug("Invalidation entry not understood, left to the outbox tail: {}", parts[i]);
            }
        }
        return changes;
    }

    private static boolean evictsOnArrival(Invalidation change) {
        return change.kind() == InvalidationKind.EVICT || change.kind() == InvalidationKind.UPDATED;
    }

    /**
     * One change its writer delivered, on the bus's thread: the tail learns it is in Redis; a created id is added
     * to this instance's filter, then dropped from L1 (with a clear, all of L1; an eviction was dropped on arrival).
     */
    private void apply(Invalidation change) {
        tail.confirmed(change.seq());
        if (evictsOnArrival(change)) {
            return;
        }
        caches.levels(change.cache()).ifPresent(levels -> {
            if (change.kind() == InvalidationKind.CREATED) {
                levels.filter.add(change.id()); // this instance's filter may be another sizing's key
            }
            Deliveries.applyLocalPart(levels, change);
        });
    }
}
