package com.newsfeed.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.newsfeed.cache.invalidation.InvalidationKind;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.load.Slot;
import com.newsfeed.cache.local.L1Entry;
import com.newsfeed.cache.remote.RedisExecutor;

/**
 * One entity's cache over three levels: Caffeine (L1), Redis (L2), then the {@link EntityLoader} (the database).
 * A read goes
 * <ol>
 * <li>L1: a value or a "does not exist" marker, with no I/O (refreshed in the background near its expiry);</li>
 * <li>L2, one round trip for every key missed: a value or a marker, kept in L1 for at most what L2 has left;</li>
 * <li>the guards, one round trip: the bloom filter (an id it proves missing is answered as absent) and a lease
 * per key, so one instance in the fleet loads a cold key while the others wait for its fill;</li>
 * <li>the loader, once per key at a time in this instance, in one transaction for every key of the read.</li>
 * </ol>
 * Redis failures never fail a read: they count as misses and the read goes on without Redis. Loader failures
 * propagate, unless an entry past its TTL can be served stale. {@code get} and {@code getAll} are the same
 * algorithm ({@link ReadEngine}).
 *
 * <p>Writes record what they change in the invalidation outbox inside their transaction and deliver it after the
 * commit (see {@link Invalidator}): no value read before a write is kept at any level after its eviction, and
 * no eviction is lost, whichever instance or link fails.
 */
public final class LayeredCache<V> {

    private static final int WARM_BATCH = 500;

    private final CacheLevels<V> levels;
    private final ReadEngine engine;
    private final Invalidator invalidator;
    private final RedisExecutor redis;
    private final CacheProperties.Spec spec;
    private final NewestIds newest;

    LayeredCache(CacheLevels<V> levels, ReadEngine engine, Invalidator invalidator, RedisExecutor redis,
            CacheProperties.Spec spec, NewestIds newest) {
        this.levels = levels;
        this.engine = engine;
        this.invalidator = invalidator;
        this.redis = redis;
        this.spec = spec;
        this.newest = newest;
    }

    public String name() {
        return levels.name;
    }

    /** The value with this id and its JSON, or empty when it does not exist. */
    public Optional<CachedValue<V>> get(long id) {
        L1Entry<V> hit = engine.localHit(levels, id);
        if (hit != null) {
            return Optional.ofNullable(hit.cached());
        }
        Slot<V> slot = engine.slot(levels, id);
        engine.read(List.of(slot));
        return Optional.ofNullable(slot.value());
    }

    public Optional<V> getValue(long id) {
        return get(id).map(CachedValue::value);
    }

    /** The values of those ids that exist, in the order asked for, each level visited once for all of them. */
    public Map<Long, CachedValue<V>> getAll(Collection<Long> ids) {
        Map<Long, Slot<V>> slots = new LinkedHashMap<>();
        for (Long id : new LinkedHashSet<>(ids)) {
            slots.put(id, engine.slot(levels, id));
        }
        engine.read(List.copyOf(slots.values()));
        Map<Long, CachedValue<V>> found = new LinkedHashMap<>();
        slots.forEach((id, slot) -> {
            CachedValue<V> value = slot.value();
            if (value != null) {
                found.put(id, value);
            }
        });
        return found;
    }

    public List<V> getAllValues(Collection<Long> ids) {
        return getAll(ids).values().stream().map(CachedValue::value).toList();
    }

    /** What this instance's L1 holds for the id (fresh or kept for stale-if-error), without loading anything. */
    public Optional<CachedValue<V>> peekLocal(long id) {
        return Optional.ofNullable(levels.local.lookup(id)).map(L1Entry::cached);
    }

    /** Removes the entry at every level on every instance, once the current transaction commits. */
    public void evictAfterCommit(long id) {
        invalidator.record(levels, id, InvalidationKind.EVICT, null);
    }

    /** {@link #evictAfterCommit}: at once outside a transaction (an operator's eviction). */
    public void evict(long id) {
        evictAfterCommit(id);
    }

    /**
     * After the current transaction commits, applies a write to a hash-layout entry in place: only the named
     * fields of {@code updated} are written, and only over the row version just before it; L1 copies are dropped
     * everywhere. The entry stays warm instead of costing a miss. Caches without a hash layout or a row version
     * simply evict.
     *
     * @param changedFields the record components the write changed
     */
    public void updateAfterCommit(long id, V updated, Set<String> changedFields) {
        if (!levels.remote.enabled() || levels.remote.layout() != L2Layout.HASH
                || !levels.codec().hasRowVersion()) {
            evictAfterCommit(id);
            return;
        }
        Map<String, String> encoded = levels.codec().toHash(updated);
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> delete = new LinkedHashSet<>();
        for (String field : changedFields) {
            if (encoded.containsKey(field)) {
                set.put(field, encoded.get(field));
            } else {
                delete.add(field);
            }
        }
        long version = levels.codec().rowVersion(updated);
        invalidator.record(levels, id, InvalidationKind.UPDATED, version,
                (batch, change) -> levels.remote.updateFields(batch, id, version, set, delete));
    }

    /**
     * Announces an id that has just become readable (inserted, or a draft published): it joins the bloom filter
     * now, before the writing transaction commits (so no instance rejects a row it can already read), and again
     * through the outbox; any "does not exist" marker is deleted after the commit.
     */
    public void created(long id) {
        levels.filter.add(id);
        // The default delivery adds it again after the commit: a Redis that lost its data in between (and was
        // rebuilt from a snapshot that predates the commit) still learns it from the writer.
        invalidator.record(levels, id, InvalidationKind.CREATED, null);
    }

    /** Empties this cache at every level and on every instance; returns the number of Redis keys deleted. */
    public long clear() {
        AtomicLong deleted = new AtomicLong();
        invalidator.record(levels, 0, InvalidationKind.CLEAR, null, (batch, change) -> {
            deleted.set(levels.remote.clear(redis));
        });
        return deleted.get();
    }

    /** Drops the L1 entry here only, and stops any load under way here from keeping its value. */
    public void evictLocal(long id) {
        levels.evictLocal(id);
    }

    /** Drops this instance's whole L1, and stops every load under way here from keeping its value. */
    public void clearLocal() {
        levels.clearLocal();
    }

    /** How many entities {@code newsfeed.cache.caches.<name>.warm-up} asks for at start. */
    int warmUpAtStart() {
        return spec.warmUp();
    }

    /** Whether this cache can be warmed up (it knows its newest ids). */
    public boolean warmable() {
        return newest != null;
    }

    /**
     * Fills L2 and L1 with the newest {@code count} entities, in batches of {@value #WARM_BATCH} (one Redis round
     * trip per level and one query per batch); returns how many exist.
     */
    public int warm(int count) {
        if (newest == null) {
            throw new IllegalStateException("cache '" + name() + "' does not know its newest ids");
        }
        List<Long> ids = newest.newest(count);
        int found = 0;
        for (int from = 0; from < ids.size(); from += WARM_BATCH) {
            found += getAll(new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + WARM_BATCH)))).size();
        }
        return found;
    }

    /** Changes this instance could not deliver to Redis yet (their keys are not read from L2 meanwhile). */
    public int undelivered() {
        return levels.undelivered();
    }

    /** Reads no level: counters, sizes, and the bloom filter's readiness as last seen (no Redis call). */
    public CacheStatistics statistics() {
        return CacheStatistics.of(levels, spec, levels.filter.lastSeenReady());
    }

    CacheLevels<V> levels() {
        return levels;
    }
}
