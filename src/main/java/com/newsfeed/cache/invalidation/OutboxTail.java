package com.newsfeed.cache.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

/**
 * This instance's tail of the outbox, polled every {@code outbox.poll-interval} (250 ms): every row it has not
 * seen in a message is applied here, its Redis part whenever Redis answers and its L1 part always. So a write is
 * never lost with its writer, an instance cut off from Redis still drops its stale L1 entries, and while the
 * database answers, staleness anywhere is bounded by the poll interval (invariants I2, I3).
 *
 * <p>Sequence numbers are taken at insert and become visible at commit, not always in order: a row may appear
 * after rows with higher numbers. The tail remembers every number it skipped (a gap) and asks for those again on
 * each poll, until the row appears or the gap is older than {@code outbox.gap-timeout} (a rolled-back insert
 * leaves a gap for ever). Rows nobody has delivered yet, older than one poll, are delivered again by whoever sees
 * them (a writer that crashed after its commit, an instance that could not reach Redis), and marked delivered.
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
    /** Changes delivered by their writer, known from its message: nothing left to do here. */
    private final Map<Long, Long> confirmed = new ConcurrentHashMap<>();
    /** Changes this instance delivered to Redis, to be marked delivered in the outbox. */
    private final Set<Long> deliveredHere = ConcurrentHashMap.newKeySet();
    /** Changes whose Redis part failed here: retried every poll, their L1 part applied once. */
    private final Set<Long> failing = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> gaps = new LinkedHashMap<>();
    private long max = -1;
    private long previousMax;

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
        }
    }

    /** This instance delivered the change (as its writer, or from the outbox). */
    void deliveredHere(long seq) {
        if (seq > 0) {
            confirmed.put(seq, ticker.read());
            deliveredHere.add(seq);
        }
    }

    /** One poll: new rows, undelivered rows, then delivery marks. Any database failure waits for the next poll. */
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
        List<Invalidation> rows = outbox.pending(seen, skipped, previousMax, settings.batchSize());
        List<Invalidation> fresh = rows.stream().filter(row -> row.seq() > seen || skipped.contains(row.seq()))
                .toList();
        track(fresh);
        apply(fresh.stream().filter(row -> !confirmed.containsKey(row.seq())).toList(), true);
        apply(rows.stream().filter(row -> row.seq() <= seen && !skipped.contains(row.seq())
                && !confirmed.containsKey(row.seq())).toList(), false);
        markDelivered();
        forgetOld();
        previousMax = max;
    }

    /** After a Redis failover: the new master may have lost the last writes, so the recent changes go again. */
    public synchronized void replayRecent() {
        List<Invalidation> recent = outbox.since(clock.instant().minus(settings.failoverReplay()),
                settings.batchSize());
        log.warn("Replaying {} invalidations of the last {} after a Redis failover", recent.size(),
                settings.failoverReplay());
        apply(recent, true);
    }

    /** Deletes rows past the retention; returns how many. */
    public int purge() {
        return outbox.purgeBefore(clock.instant().minus(settings.retention()), 10_000);
    }

    public int gaps() {
        synchronized (this) {
            return gaps.size();
        }
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
     * Redis parts in one round trip (bloom adds and clears on their own), then L1 parts: for rows seen for the
     * first time, always; for rows delivered again, once they reach Redis (and once when they first fail here).
     */
    private void apply(List<Invalidation> rows, boolean firstSight) {
        if (rows.isEmpty()) {
            return;
        }
        RedisExecutor.Batch batch = redis.batch();
        List<Map.Entry<CacheLevels<?>, Invalidation>> known = new ArrayList<>();
        boolean delivered = true;
        for (Invalidation row : rows) {
            Optional<CacheLevels<?>> levels = caches.levels(row.cache());
            if (levels.isEmpty()) {
                deliveredHere.add(row.seq()); // a cache this release does not have: nothing to do
                continue;
            }
            known.add(Map.entry(levels.get(), row));
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
        for (Map.Entry<CacheLevels<?>, Invalidation> change : known) {
            long seq = change.getValue().seq();
            boolean local = firstSight;
            if (delivered) {
                Deliveries.markDelivered(change.getKey(), change.getValue());
                deliveredHere(seq);
                local |= failing.remove(seq) || !firstSight;
            } else {
                Deliveries.markUndelivered(change.getKey(), change.getValue());
                local |= failing.add(seq);
            }
            if (local) {
                Deliveries.applyLocalPart(change.getKey(), change.getValue());
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
