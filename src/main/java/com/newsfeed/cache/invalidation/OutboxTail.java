package com.newsfeed.cache.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

/**
 * This instance's tail of the outbox, polled every {@code outbox.poll-interval} (250 ms). A row it has not seen in
 * a message is applied at once locally: the L1 copy is dropped, and the key is held (never read from L2) until
 * the change is known to be in Redis. If the writer's message confirms it meanwhile, that is all; if no message
 * comes by the next poll (the writer could not reach Redis, or died after its commit), this instance delivers the
 * Redis part itself. So a write is never lost with its writer, an instance cut off from Redis still drops its
 * stale L1 entries, and while the database answers, staleness anywhere is bounded by one poll (I2, I3); and a
 * message that is merely slower than a poll costs no second delete of a value already refilled.
 *
 * <p>Sequence numbers are taken at insert and become visible at commit, not always in order: a row may appear
 * after rows with higher numbers. The tail remembers every number it skipped (a gap) and asks for those again on
 * each poll, until the row appears or the gap is older than {@code outbox.gap-timeout} (a rolled-back insert
 * leaves a gap for ever). Rows nobody has marked delivered, older than one poll, are delivered by whoever sees
 * them unconfirmed, and marked delivered.
 */
public final class OutboxTail {

    private static final Logger log = LoggerFactory.getLogger(OutboxTail.class);

    /** See {@code newsfeed.cache.outbox}. */
    public record Settings(int batchSize, Duration gapTimeout, int maxGaps, Duration confirmedFor,
            Duration retention, Duration failoverReplay) {
    }

    private final InvalidationLog outbox;
    private final CacheDirectory caches;
    private final RedisExecutor redis;
    private final Ticker ticker;
    private final Clock clock;
    private final Settings settings;
    /** Changes known to be in Redis (a message from their writer, or this instance delivered them), and when. */
    private final Map<Long, Long> confirmed = new ConcurrentHashMap<>();
    /** Changes this instance delivered to Redis, to be marked delivered in the outbox. */
    private final Set<Long> deliveredHere = ConcurrentHashMap.newKeySet();
    /** Changes whose key this instance does not read from L2 until they are confirmed or delivered. */
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final Map<Long, Long> gaps = new LinkedHashMap<>();
    private long max = -1;
    private long previousMax;

    private record Held(CacheLevels<?> levels, Invalidation change) {
    }

    public OutboxTail(InvalidationLog outbox, CacheDirectory caches, RedisExecutor redis, Ticker ticker,
            Clock clock, Settings settings) {
        this.outbox = outbox;
        this.caches = caches;
        this.redis = redis;
        this.ticker = ticker;
        this.clock = clock;
        this.settings = settings;
    }

    /** A message said its writer delivered this change. */
    public void confirmed(long seq) {
        if (seq > 0) {
            confirmed.put(seq, ticker.read());
            release(seq);
        }
    }

    /** This instance delivered the change to Redis (as its writer, or from the outbox). */
    void deliveredHere(long seq) {
        if (seq > 0) {
            confirmed.put(seq, ticker.read());
            deliveredHere.add(seq);
            release(seq);
        }
    }

    /**
     * The change is not known to be in Redis: its key is not read from L2 here until it is. A confirmation that
     * races with this (its writer's delivery or message, on another thread) first records itself in
     * {@code confirmed}, then releases: so either it sees the hold and releases it, or the check below sees it.
     */
    public void hold(CacheLevels<?> levels, Invalidation change) {
        if (change.seq() <= 0) {
            return;
        }
        // Counted before it is visible in `held`: whoever removes it from there undoes exactly this count.
        Deliveries.markUndelivered(levels, change);
        if (held.putIfAbsent(change.seq(), new Held(levels, change)) != null) {
            Deliveries.markDelivered(levels, change); // held already: one count per change
        } else if (confirmed.containsKey(change.seq())) {
            release(change.seq());
        }
    }

    /** Holds the change and drops this instance's L1 copy of its key. */
    private void holdHere(CacheLevels<?> levels, Invalidation change) {
        hold(levels, change);
        Deliveries.applyLocalPart(levels, change);
    }

    private void release(long seq) {
        Held was = held.remove(seq);
        if (was != null) {
            Deliveries.markDelivered(was.levels(), was.change());
        }
    }

    /** One poll: new rows, rows still unconfirmed since the last poll, then delivery marks. */
    public synchronized void poll() {
        if (!outbox.recording()) {
            return;
        }
        if (max < 0) { // the first poll: this instance starts with an empty L1, so only undelivered rows matter
            max = outbox.maxSeq();
            previousMax = max;
        }
        Set<Long> skipped = Set.copyOf(gaps.keySet());
        long seen = max;
        List<Invalidation> rows = outbox.pending(seen, skipped, previousMax, caches.names(), settings.batchSize());
        List<Invalidation> fresh = rows.stream().filter(row -> row.seq() > seen || skipped.contains(row.seq()))
                .toList();
        track(fresh);
        for (Invalidation row : fresh) {
            if (!confirmed.containsKey(row.seq())) {
                caches.levels(row.cache()).ifPresent(levels -> {
                    if (row.kind() == InvalidationKind.CREATED) {
                        levels.filter.add(row.id()); // no reader here may be turned away meanwhile
                    }
                    holdHere(levels, row);
                });
            }
        }
        deliver(rows.stream().filter(row -> row.seq() <= seen && !skipped.contains(row.seq())
                && !confirmed.containsKey(row.seq())).toList());
        settleHeld(rows);
        markDelivered();
        forgetOld();
        previousMax = max;
    }

    /**
     * After a Redis failover: the new master may have lost writes of the last {@code outbox.failover-replay}
     * before the old one was last seen, so those rows are marked undelivered again (every tail delivers them,
     * even if this instance dies now) and this instance holds and delivers them at once.
     */
    public synchronized void replaySince(Instant oldMasterLastSeen) {
        Instant from = oldMasterLastSeen.minus(settings.failoverReplay());
        deliveredHere.clear(); // delivered to the old master, not marked yet: must not be marked now
        int reopened = outbox.reopenSince(from);
        log.warn("Replaying {} invalidations since {} after a Redis failover", reopened, from);
        confirmed.clear(); // what the old master confirmed may be gone with it
        List<Invalidation> recent = outbox.since(from, settings.batchSize());
        // L1 may have been refilled from the new master since
        recent.forEach(row -> caches.levels(row.cache()).ifPresent(levels -> holdHere(levels, row)));
        deliver(recent);
        markDelivered();
    }

    /**
     * Deletes delivered rows past the retention, and undelivered ones (every tail was down) past twice that: by
     * then no L2 entry they could evict is left. Returns how many.
     */
    public int purge() {
        Instant deliveredCutoff = clock.instant().minus(settings.retention());
        return outbox.purgeBefore(deliveredCutoff, deliveredCutoff.minus(settings.retention()), 10_000);
    }

    public synchronized int gaps() {
        return gaps.size();
    }

    private void track(List<Invalidation> rows) {
        long now = ticker.read();
        for (Invalidation row : rows) {
            if (row.seq() > max) {
                for (long skipped = Math.max(max + 1, row.seq() - settings.maxGaps()); skipped < row.seq();
                        skipped++) {
                    gaps.putIfAbsent(skipped, now);
                }
                max = row.seq();
            } else {
                gaps.remove(row.seq());
            }
        }
    }

    /**
     * Held changes this poll did not deliver: one another instance delivered meanwhile is released; one whose row
     * is gone (purged, or deleted by hand) is delivered from what the hold remembers, so no hold outlives its row.
     */
    private void settleHeld(List<Invalidation> seenThisPoll) {
        Set<Long> seen = new HashSet<>();
        seenThisPoll.forEach(row -> seen.add(row.seq()));
        List<Long> waiting = held.keySet().stream().filter(seq -> !seen.contains(seq)).sorted()
                .limit(settings.batchSize()).toList();
        if (waiting.isEmpty()) {
            return;
        }
        Map<Long, Boolean> states = outbox.delivery(waiting);
        List<Invalidation> orphans = new ArrayList<>();
        for (Long seq : waiting) {
            Boolean delivered = states.get(seq);
            if (Boolean.TRUE.equals(delivered)) {
                confirmed(seq);
            } else if (delivered == null) {
                Optional.ofNullable(held.get(seq)).ifPresent(orphan -> orphans.add(orphan.change()));
            }
        }
        deliver(orphans);
    }

    /**
     * Delivers changes nobody confirmed: their Redis parts in one round trip (bloom adds and clears on their
     * own), then their L1 parts once delivered (this instance may have read the old L2 entry before it held the
     * key: a change from before it started, or one a failover lost). What Redis does not take stays held and is
     * tried again on the next poll.
     */
    private void deliver(List<Invalidation> rows) {
        if (rows.isEmpty()) {
            return;
        }
        RedisBatch batch = redis.orderedBatch();
        List<Held> known = new ArrayList<>();
        boolean delivered = true;
        for (Invalidation row : rows) {
            Optional<CacheLevels<?>> levels = caches.levels(row.cache());
            if (levels.isEmpty()) {
                continue; // a cache of another release (a rolling deploy): left to the instances that have it
            }
            known.add(new Held(levels.get(), row));
            try {
                Deliveries.addRemotePart(batch, redis, levels.get(), row);
            } catch (RedisUnavailableException e) {
                delivered = false;
            }
        }
        try {
            batch.execute();
        } catch (RedisUnavailableException e) {
            delivered = false;
        }
        for (Held change : known) {
            boolean wasHeld = held.containsKey(change.change().seq());
            if (delivered) {
                deliveredHere(change.change().seq());
            } else {
                hold(change.levels(), change.change());
            }
            // A held key's L1 copy went when it was held; dropping it on every failed retry would only empty
            // L1 (and poison loads) four times a second while Redis is away, when L1 is all there is.
            if (delivered || !wasHeld) {
                Deliveries.applyLocalPart(change.levels(), change.change());
            }
        }
    }

    private void markDelivered() {
        if (deliveredHere.isEmpty()) {
            return;
        }
        List<Long> marking = List.copyOf(deliveredHere);
        outbox.markDelivered(marking);
        marking.forEach(deliveredHere::remove);
    }

    private void forgetOld() {
        long now = ticker.read();
        long gapNanos = settings.gapTimeout().toNanos();
        for (Iterator<Long> first = gaps.values().iterator(); first.hasNext();) {
            if (now - first.next() < gapNanos) {
                break;
            }
            first.remove(); // never committed (rolled back), or committed later than any transaction may take
        }
        long confirmedNanos = settings.confirmedFor().toNanos();
        confirmed.values().removeIf(when -> now - when > confirmedNanos);
    }
}
