package com.newsfeed.cache;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.invalidation.InvalidationBus;
import com.newsfeed.cache.invalidation.OutboxTail;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's background work, each task small and safe to run at any time (the schedule and tests call them):
 * the outbox tail, the subscription check, the breaker probe, bloom filter upkeep, failover detection, purging,
 * and the warm-up at start. A task that fails (Redis or the database away) waits for its next turn.
 */
public final class CacheMaintenance {

    private static final Logger log = LoggerFactory.getLogger(CacheMaintenance.class);

    private final CacheRegistry registry;
    private final RedisExecutor redis;
    private final RedisCircuit circuit;
    private final OutboxTail tail;
    private final InvalidationBus bus;
    private final Clock clock;
    /** Which servers held the cache at the last check, and when: a failover replays from shortly before that. */
    private volatile String serversSeen;
    private volatile Instant serversSeenAt;
    /**
     * After a replay, where the next check replays from again: a delivery to the lost master that another instance
     * marked in the outbox only after this replay reopened the rows would otherwise escape both.
     */
    private Instant replayAgainFrom;
    private final Counter failovers;
    private final java.util.Map<String, Object> rebuildLocks = new java.util.concurrent.ConcurrentHashMap<>();

    CacheMaintenance(CacheRegistry registry, RedisExecutor redis, RedisCircuit circuit, OutboxTail tail,
            InvalidationBus bus, Clock clock, MeterRegistry meters) {
        this.failovers = Counter.builder("newsfeed.cache.redis.failovers")
                .description("Times the servers holding the cache changed (a restart, a replica promoted) and the"
                        + " recent invalidations were replayed to them").register(meters);
        this.registry = registry;
        this.clock = clock;
        this.redis = redis;
        this.circuit = circuit;
        this.tail = tail;
        this.bus = bus;
    }

    /** The outbox tail's poll; a database failure waits for the next one. */
    public void pollOutbox() {
        try {
            tail.poll();
        } catch (RuntimeException e) {
            log.debug("Outbox poll failed: {}", e.getMessage());
        }
    }

    public void checkSubscription() {
        bus.checkSubscription();
    }

    /** While the breaker is not closed, a PING: an idle instance must notice Redis is back, too. */
    public void probeRedis() {
        if (!circuit.isClosed()) {
            try {
                redis.call("ping", commands -> commands.ping());
            } catch (RedisUnavailableException e) {
                // still down: the breaker counted it
            }
        }
        registry.bloomFilters().forEach(filter -> {
            if (filter instanceof RedisBloomFilter bloom) {
                bloom.flushPending();
            }
        });
    }

    /** Both checks below, the failover's first (the tests' way of running them when they choose). */
    public void checkRedisLosses() {
        if (checkFailover()) {
            checkBloomFilters();
        }
    }

    /**
     * Whether the servers holding the cache changed since the last check (every
     * {@code outbox.failover-check-interval}):
     * a new master (a promoted replica, or a server that restarted empty) may have lost the last deletes, so recent
     * invalidations are replayed to it and every filter is rebuilt. Cheap (one INFO per master), so it runs often:
     * until it does, an instance may read a value the lost delete should have removed.
     *
     * @return false when Redis could not be asked, or the replay failed (the next check tries again)
     */
    public synchronized boolean checkFailover() {
        String identity;
        try {
            identity = redis.serverIdentity(); // on a cluster, every master's: any one's failover is a failover
        } catch (RedisUnavailableException e) {
            return false; // the last identity and its time stay: a replay then reaches back from before the gap
        }
        String previous = serversSeen;
        try {
            if (previous != null && !previous.equals(identity)) {
                log.warn("Redis is another server now ({} -> {}): replaying recent invalidations, rebuilding bloom"
                        + " filters", previous, identity);
                tail.replaySince(serversSeenAt);
                replayAgainFrom = serversSeenAt;
                failovers.increment();
                rebuildAllBloomFilters();
            } else if (replayAgainFrom != null) {
                tail.replaySince(replayAgainFrom);
                replayAgainFrom = null;
            }
        } catch (RuntimeException e) {
            log.warn("Replay after the failover failed, tried again on the next check: {}", e.getMessage());
            return false; // the old identity stays, so the next check replays again
        }
        serversSeenAt = clock.instant();
        serversSeen = identity;
        return true;
    }

    /** Filters Redis lost (a shard without its ready key) are rebuilt, every {@code bloom.check-interval}. */
    public void checkBloomFilters() {
        registry.bloomFilters().stream().filter(filter -> !filter.isReady()).forEach(this::rebuild);
    }

    public void rebuildAllBloomFilters() {
        registry.bloomFilters().forEach(this::rebuild);
    }

    public void purgeOutbox() {
        try {
            int purged = tail.purge();
            if (purged > 0) {
                log.info("Purged {} old outbox rows", purged);
            }
        } catch (RuntimeException e) {
            log.debug("Outbox purge failed: {}", e.getMessage());
        }
    }

    /** At start: the caches configured with {@code warm-up: N} get their newest N entities. */
    public void warmUp() {
        for (LayeredCache<?> cache : registry.caches()) {
            int count = cache.warmUpAtStart();
            if (count > 0 && cache.warmable()) {
                long started = System.nanoTime();
                int found = cache.warm(count);
                log.info("Warmed up {} with {} entities in {} ms", cache.name(), found,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /**
     * One filter's failure (Redis, or the database its ids come from) does not keep the others from a rebuild. One
     * rebuild of a filter at a time: the failover check and the filter check run on two threads and may both
     * find it to rebuild (its shards half merged, say). The second waits for the first rather than scan every id
     * beside it; it is not skipped, since its scan may be the one that sees ids the first had passed.
     */
    private void rebuild(IdFilter filter) {
        synchronized (rebuildLocks.computeIfAbsent(filter.name(), name -> new Object())) {
            rebuildNow(filter);
        }
    }

    private void rebuildNow(IdFilter filter) {
        try {
            filter.rebuild();
        } catch (RuntimeException e) {
            log.warn("Bloom filter '{}' not built ({}); it lets every id through until rebuilt", filter.name(),
                    e.getMessage());
        }
    }
}
