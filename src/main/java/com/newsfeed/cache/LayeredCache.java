package com.newsfeed.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * One entity's cache over three levels: Caffeine (L1), Redis (L2, see {@link RedisLevel}), then the
 * {@link EntityLoader} (the database). A read goes
 * <ol>
 * <li>L1: a value or a "does not exist" marker, with no I/O;</li>
 * <li>L2 (one round trip for value and remaining TTL): a value or a marker, kept in L1 for at most what L2 has
 * left;</li>
 * <li>the bloom filter: an id it proves missing is answered as absent without the database;</li>
 * <li>the loader, at most once per key at a time in this instance (concurrent readers wait for that load) and, by a
 * Redis lease, in the whole fleet (other instances wait a bounded time, re-reading L2, before loading
 * themselves).</li>
 * </ol>
 * Redis failures never fail a read: they count as misses and the read goes on to the loader. Loader failures
 * propagate to the caller.
 *
 * <p>An eviction deletes the L2 key and its lease, then bumps a local generation and drops the L1 entry. A load
 * whose key was evicted meanwhile may still answer its caller but is kept at neither level: the L2 fill fails
 * because its lease is gone, and the L1 put is skipped because the generation moved.
 */
public final class LayeredCache<V> {

    private static final Logger log = LoggerFactory.getLogger(LayeredCache.class);
    private static final int GENERATION_STRIPES = 1_024;
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /**
     * What L1 holds for a key: a value, or (cached == null) a "does not exist" marker. It is fresh until
     * {@code freshUntil} (ticker time); Caffeine keeps it {@code staleIfError} longer, to serve if the database
     * fails.
     */
    record L1Entry<V>(CachedValue<V> cached, long ttlNanos, long freshUntil) {

        boolean freshAt(long now) {
            return freshUntil - now > 0;
        }

        int weight() {
            // The encoded bytes plus, roughly, the decoded object and the entry's own overhead.
            return cached == null ? 64 : 2 * cached.json().length + 128;
        }
    }

    private final String name;
    private final CacheProperties.Spec spec;
    private final ValueCodec<V> codec;
    private final Cache<Long, L1Entry<V>> l1;
    private final RedisLevel<V> l2;
    private final RedisBloomFilter bloom;
    private final EntityLoader<V> loader;
    private final InvalidationBus bus;
    private final RedisCircuit circuit;
    private final CacheMetrics metrics;
    private final Ticker ticker;
    private final Duration leaseWait;
    private final Duration loadWait;
    private final boolean guardFills;
    private final ConcurrentHashMap<Long, CompletableFuture<L1Entry<V>>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLongArray generations = new AtomicLongArray(GENERATION_STRIPES);
    /** Evictions Redis did not take (it was down): delivered first when it is back; never read from L2 meanwhile. */
    private final Set<Long> pendingEvictions = ConcurrentHashMap.newKeySet();

    LayeredCache(String name, CacheProperties.Spec spec, ValueCodec<V> codec, Cache<Long, L1Entry<V>> l1,
            RedisLevel<V> l2, RedisBloomFilter bloom, EntityLoader<V> loader, InvalidationBus bus,
            RedisCircuit circuit, CacheMetrics metrics, CacheProperties.Lease lease, Ticker ticker) {
        this.ticker = ticker;
        this.name = name;
        this.spec = spec;
        this.codec = codec;
        this.l1 = l1;
        this.l2 = l2;
        this.bloom = bloom;
        this.loader = loader;
        this.bus = bus;
        this.circuit = circuit;
        this.metrics = metrics;
        this.leaseWait = lease.maxWait();
        this.loadWait = lease.ttl();
        this.guardFills = lease.guardFills();
    }

    public String name() {
        return name;
    }

    /** The value with this id and its JSON, or empty when it does not exist. */
    public Optional<CachedValue<V>> get(long id) {
        if (l1 != null) {
            L1Entry<V> entry = l1.getIfPresent(id);
            if (entry != null && entry.freshAt(ticker.read())) {
                (entry.cached() == null ? metrics.l1Absent : metrics.l1Hit).increment();
                return Optional.ofNullable(entry.cached());
            }
            metrics.l1Miss.increment();
            if (entry != null) {
                return refreshOrServeStale(id, entry);
            }
        }
        return Optional.ofNullable(loadOnce(id).cached());
    }

    /** An entry past its TTL, kept for stale-if-error: reload it, and serve it (marked stale) if that fails. */
    private Optional<CachedValue<V>> refreshOrServeStale(long id, L1Entry<V> expired) {
        try {
            return Optional.ofNullable(loadOnce(id).cached());
        } catch (RuntimeException e) {
            metrics.staleServed.increment();
            log.debug("Serving stale {} {}: {}", name, id, e.getMessage());
            return Optional.ofNullable(expired.cached()).map(CachedValue::asStale);
        }
    }

    /** What this instance's L1 holds for the id (fresh or kept for stale-if-error), without loading anything. */
    public Optional<CachedValue<V>> peekLocal(long id) {
        return l1 == null ? Optional.empty() : Optional.ofNullable(l1.getIfPresent(id)).map(L1Entry::cached);
    }

    public Optional<V> getValue(long id) {
        return get(id).map(CachedValue::value);
    }

    /**
     * The values of those ids that exist, in the order asked for, with one Redis round trip for all L1 misses and
     * one loader call for all L2 misses. Meant for ids a list query just read from the database, so it does not
     * consult the bloom filter.
     */
    public Map<Long, CachedValue<V>> getAll(Collection<Long> ids) {
        Map<Long, CachedValue<V>> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        Map<Long, L1Entry<V>> expired = new HashMap<>();
        long now = ticker.read();
        for (Long id : new LinkedHashSet<>(ids)) {
            L1Entry<V> entry = l1 == null ? null : l1.getIfPresent(id);
            if (entry != null && !entry.freshAt(now)) {
                expired.put(id, entry);
                entry = null;
            }
            if (entry == null) {
                if (l1 != null) {
                    metrics.l1Miss.increment();
                }
                missing.add(id);
            } else {
                (entry.cached() == null ? metrics.l1Absent : metrics.l1Hit).increment();
                if (entry.cached() != null) {
                    found.put(id, entry.cached());
                }
            }
        }
        if (!missing.isEmpty()) {
            try {
                readThroughAll(missing, found);
            } catch (RuntimeException e) {
                if (!expired.keySet().containsAll(missing)) {
                    throw e;
                }
                metrics.staleServed.increment(missing.size());
                expired.forEach((id, entry) -> {
                    if (entry.cached() != null) {
                        found.put(id, entry.cached().asStale());
                    }
                });
            }
        }
        Map<Long, CachedValue<V>> ordered = new LinkedHashMap<>();
        for (Long id : ids) {
            CachedValue<V> value = found.get(id);
            if (value != null) {
                ordered.put(id, value);
            }
        }
        return ordered;
    }

    public List<V> getAllValues(Collection<Long> ids) {
        return getAll(ids).values().stream().map(CachedValue::value).toList();
    }

    /**
     * Removes the entry everywhere now: the L2 key and its lease first, then this instance's L1, then every other
     * instance's L1 (an invalidation message).
     */
    public void evict(long id) {
        invalidate(id, () -> l2.delete(id));
    }

    /**
     * Applies a write's change to L2, then drops the L1 copy here and (by message) everywhere else. What Redis did
     * not take is kept, and delivered later as a plain eviction.
     */
    private void invalidate(long id, Runnable l2Change) {
        boolean delivered = true;
        if (l2 != null) {
            try {
                l2Change.run();
            } catch (DataAccessException e) {
                metrics.l2Errors.increment();
                delivered = false;
            }
        }
        evictLocal(id);
        if (!(broadcast(Long.toString(id)) && delivered)) {
            pendingEvictions.add(id);
            log.warn("Eviction of {} {} kept until Redis is back", name, id);
        }
    }

    /**
     * Delivers the evictions Redis did not take: deletes the L2 entries and tells the other instances.
     *
     * @return false while Redis still fails
     */
    public boolean deliverPendingEvictions() {
        for (Long id : pendingEvictions) {
            try {
                if (l2 != null) {
                    l2.delete(id);
                }
                if (bus != null && !bus.publish(name, Long.toString(id))) {
                    return false;
                }
                pendingEvictions.remove(id);
            } catch (DataAccessException e) {
                return false;
            }
        }
        return true;
    }

    public int pendingEvictions() {
        return pendingEvictions.size();
    }

    /** Drops this instance's whole L1, and stops every load under way here from keeping its value. */
    public void clearLocal() {
        for (int i = 0; i < GENERATION_STRIPES; i++) {
            generations.incrementAndGet(i);
        }
        if (l1 != null) {
            l1.invalidateAll();
        }
    }

    /** Drops the L1 entry only, and stops any load under way in this instance from keeping its value. */
    public void evictLocal(long id) {
        generations.incrementAndGet(stripe(id));
        if (l1 != null) {
            l1.invalidate(id);
        }
    }

    /** {@link #evict} once the current transaction commits (at once without one); a rollback evicts nothing. */
    public void evictAfterCommit(long id) {
        afterCommit(() -> evict(id));
    }

    /**
     * After the current transaction commits, applies a write to a hash-layout entry in place: only the named
     * fields of {@code updated} are written, and only over an older row version; a load in flight is cancelled
     * and this instance's L1 copy dropped. The entry stays warm instead of costing a miss. Caches without a hash
     * layout or a row version simply evict.
     *
     * @param changedFields the record components the write changed
     */
    public void updateAfterCommit(long id, V updated, Set<String> changedFields) {
        if (l2 == null || l2.layout() != L2Layout.HASH || !codec.hasRowVersion()) {
            evictAfterCommit(id);
            return;
        }
        afterCommit(() -> {
            Map<String, String> encoded = codec.toHash(updated);
            Map<String, String> set = new LinkedHashMap<>();
            Set<String> delete = new LinkedHashSet<>();
            for (String field : changedFields) {
                if (encoded.containsKey(field)) {
                    set.put(field, encoded.get(field));
                } else {
                    delete.add(field);
                }
            }
            invalidate(id, () -> l2.updateFields(id, codec.rowVersion(updated), set, delete));
        });
    }

    private boolean broadcast(String id) {
        return bus == null || bus.publish(name, id);
    }

    /** Redis is down or just back (see {@link RedisCircuit}), or this key has an undelivered eviction. */
    private boolean skipL2(long id) {
        return (circuit != null && circuit.distrustL2()) || pendingEvictions.contains(id);
    }

    /**
     * Announces an id just inserted: it joins the bloom filter now, before the inserting transaction commits, and
     * any "does not exist" marker for it is evicted after the commit.
     */
    public void created(long id) {
        if (bloom != null) {
            bloom.add(id);
        }
        evictAfterCommit(id);
    }

    /** Empties this cache at every level and on every instance; returns the number of Redis keys deleted. */
    public long clear() {
        long deleted = l2 == null ? 0 : l2.clear();
        clearLocal();
        broadcast(InvalidationBus.EVERYTHING);
        return deleted;
    }

    public CacheStatistics statistics() {
        return CacheStatistics.of(this, spec, l1, l2 == null ? null : l2.layout(), metrics, bloom);
    }

    /** Runs the action after the current transaction commits, or at once outside a transaction. */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private L1Entry<V> loadOnce(long id) {
        CompletableFuture<L1Entry<V>> mine = new CompletableFuture<>();
        CompletableFuture<L1Entry<V>> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            return await(running, id);
        }
        try {
            L1Entry<V> entry = readThrough(id);
            mine.complete(entry);
            return entry;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(id, mine);
        }
    }

    private L1Entry<V> await(CompletableFuture<L1Entry<V>> running, long id) {
        try {
            return running.get(loadWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return readThrough(id); // the first load is stuck: do not queue behind it for ever
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a load of " + name + " " + id, e);
        }
    }

    private L1Entry<V> readThrough(long id) {
        long generation = generations.get(stripe(id));
        if (l2 != null && skipL2(id)) {
            return loadAndKeep(id, null, generation); // per-key loading control stays on (loadOnce)
        }
        if (l2 != null) {
            try {
                RedisLevel.Read<V> read = l2.read(id);
                if (read.found()) {
                    return keepFromL2(id, read, generation);
                }
                metrics.l2Miss.increment();
                if (read.state() == RedisLevel.State.UNREADABLE) {
                    return loadUnderLease(id, generation, true);
                }
            } catch (DataAccessException e) {
                metrics.l2Errors.increment();
                return loadAndKeep(id, null, generation); // Redis is failing: no bloom, no lease
            }
        }
        if (bloom != null && !bloom.mightContain(id)) {
            metrics.bloomRejections.increment();
            return keepInL1(id, absentEntry(), generation);
        }
        return l2 == null ? loadAndKeep(id, null, generation) : loadUnderLease(id, generation, false);
    }

    /**
     * Takes the lease and loads, or waits (bounded) for the holder's fill to reach Redis.
     *
     * @param overUnreadable the entry there could not be decoded: lease over it, to overwrite it
     */
    private L1Entry<V> loadUnderLease(long id, long generation, boolean overUnreadable) {
        long deadline = System.nanoTime() + leaseWait.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        boolean replace = overUnreadable;
        try {
            for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                RedisLevel.Lease lease = l2.tryLease(id, replace);
                if (lease.granted()) {
                    return loadAndKeep(id, lease.token(), generation);
                }
                if (!lease.filledMeanwhile()) {
                    if (attempt == 0) {
                        metrics.leaseWaits.increment();
                    }
                    LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
                    pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS);
                }
                RedisLevel.Read<V> read = l2.read(id);
                if (read.found()) {
                    return keepFromL2(id, read, generation);
                }
                // Still nothing usable: the holder is loading, gave up, or had its fill cancelled; or what landed
                // cannot be decoded here (another release), which this caller may then overwrite.
                replace = read.state() == RedisLevel.State.UNREADABLE;
            }
        } catch (DataAccessException e) {
            metrics.l2Errors.increment();
        }
        return loadAndKeep(id, null, generation); // waited enough: load, and leave Redis to the lease holder
    }

    /** Loads; with a lease, fills L2 and keeps in L1 only if no eviction cancelled the lease meanwhile. */
    private L1Entry<V> loadAndKeep(long id, String token, long generation) {
        V value = timedLoad(id);
        if (value == null && !spec.absent().enabled()) {
            if (token != null) {
                releaseQuietly(id, token);
            }
            return l1Entry(null, 0);
        }
        L1Entry<V> entry = value == null ? absentEntry() : l1Entry(encode(value), nanos(spec.l1().ttl()));
        if (token != null) {
            try {
                if (!l2.fill(id, token, value, value == null ? null : entry.cached().json())) {
                    return entry; // evicted while loading: this value may be older than the write
                }
            } catch (DataAccessException e) {
                metrics.l2Errors.increment();
            }
        }
        return keepInL1(id, entry, generation);
    }

    private void readThroughAll(List<Long> missing, Map<Long, CachedValue<V>> found) {
        Map<Long, Long> generationsAtStart = new HashMap<>();
        missing.forEach(id -> generationsAtStart.put(id, generations.get(stripe(id))));
        List<Long> toLoad = missing;
        Map<Long, String> tokens = null;
        boolean bypassRedis = (circuit != null && circuit.distrustL2()) || !pendingEvictions.isEmpty();
        if (l2 != null && !bypassRedis) {
            try {
                Map<Long, RedisLevel.Read<V>> reads = l2.readAll(missing);
                toLoad = new ArrayList<>();
                for (Long id : missing) {
                    RedisLevel.Read<V> read = reads.get(id);
                    if (!read.found()) {
                        metrics.l2Miss.increment();
                        toLoad.add(id);
                    } else {
                        L1Entry<V> entry = keepFromL2(id, read, generationsAtStart.get(id));
                        if (entry.cached() != null) {
                            found.put(id, entry.cached());
                        }
                    }
                }
                tokens = toLoad.isEmpty() ? Map.of() : l2.tryLeases(toLoad);
            } catch (DataAccessException e) {
                metrics.l2Errors.increment();
                tokens = null;
            }
        }
        if (toLoad.isEmpty()) {
            return;
        }
        Map<Long, V> loaded = timedLoadAll(toLoad);
        Map<Long, L1Entry<V>> entries = new HashMap<>();
        for (Long id : toLoad) {
            V value = loaded.get(id);
            if (value != null) {
                CachedValue<V> cached = encode(value);
                found.put(id, cached);
                entries.put(id, l1Entry(cached, nanos(spec.l1().ttl())));
            } else if (spec.absent().enabled()) {
                entries.put(id, absentEntry());
            }
        }
        Collection<Long> keepable = tokens == null ? entries.keySet() : fillLeased(tokens, entries, loaded);
        keepable.forEach(id -> keepInL1(id, entries.get(id), generationsAtStart.get(id)));
    }

    /** Fills L2 for the ids this instance holds leases on; returns those actually written. */
    private List<Long> fillLeased(Map<Long, String> tokens, Map<Long, L1Entry<V>> entries, Map<Long, V> loaded) {
        Map<Long, String> fillable = new LinkedHashMap<>();
        tokens.forEach((id, token) -> {
            if (entries.containsKey(id)) {
                fillable.put(id, token);
            } else {
                releaseQuietly(id, token);
            }
        });
        if (fillable.isEmpty()) {
            return List.of();
        }
        Map<Long, byte[]> jsons = new HashMap<>();
        fillable.keySet().forEach(id -> {
            CachedValue<V> cached = entries.get(id).cached();
            jsons.put(id, cached == null ? null : cached.json());
        });
        try {
            return l2.fillAll(fillable, loaded, jsons);
        } catch (DataAccessException e) {
            metrics.l2Errors.increment();
            return List.of();
        }
    }

    private L1Entry<V> keepFromL2(long id, RedisLevel.Read<V> read, long generation) {
        long remaining = read.remainingMillis() > 0 ? TimeUnit.MILLISECONDS.toNanos(read.remainingMillis())
                : Long.MAX_VALUE;
        if (read.state() == RedisLevel.State.ABSENT) {
            metrics.l2Absent.increment();
            return keepInL1(id, l1Entry(null, Math.min(nanos(spec.absent().l1Ttl()), remaining)), generation);
        }
        metrics.l2Hit.increment();
        CachedValue<V> cached = new CachedValue<>(read.value(), read.json(), tag(read.json()), false);
        return keepInL1(id, l1Entry(cached, Math.min(nanos(spec.l1().ttl()), remaining)), generation);
    }

    private L1Entry<V> keepInL1(long id, L1Entry<V> entry, long generation) {
        if (l1 != null && (!guardFills || generations.get(stripe(id)) == generation)) {
            l1.put(id, entry);
        }
        return entry;
    }

    private V timedLoad(long id) {
        long started = System.nanoTime();
        try {
            V value = loader.load(id).orElse(null);
            (value == null ? metrics.loadsAbsent : metrics.loadsFound).increment();
            return value;
        } catch (RuntimeException e) {
            metrics.loadsError.increment();
            throw e;
        } finally {
            metrics.loadTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Map<Long, V> timedLoadAll(List<Long> ids) {
        long started = System.nanoTime();
        try {
            Map<Long, V> values = loader.loadAll(ids);
            metrics.loadsFound.increment(values.size());
            metrics.loadsAbsent.increment(ids.size() - values.size());
            return values;
        } catch (RuntimeException e) {
            metrics.loadsError.increment();
            throw e;
        } finally {
            metrics.loadTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void releaseQuietly(long id, String token) {
        try {
            l2.release(id, token);
        } catch (DataAccessException e) {
            metrics.l2Errors.increment(); // the lease then simply expires
        }
    }

    private L1Entry<V> l1Entry(CachedValue<V> cached, long ttlNanos) {
        return new L1Entry<>(cached, ttlNanos, ticker.read() + ttlNanos);
    }

    private L1Entry<V> absentEntry() {
        return l1Entry(null, nanos(spec.absent().l1Ttl()));
    }

    private CachedValue<V> encode(V value) {
        byte[] json = codec.toJson(value);
        return new CachedValue<>(value, json, tag(json), false);
    }

    private static long nanos(Ttl ttl) {
        return TimeUnit.MILLISECONDS.toNanos(ttl.pickMillis());
    }

    private static int stripe(long id) {
        return (int) (Long.hashCode(id * 0x9E3779B97F4A7C15L) & (GENERATION_STRIPES - 1));
    }

    /** 64 bits of SHA-256, URL-safe: computed once per L1 fill, never per request. */
    static String tag(byte[] json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
