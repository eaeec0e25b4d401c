package com.newsfeed.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.invalidation.InvalidationBus;
import com.newsfeed.cache.invalidation.InvalidationLog;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.invalidation.JdbcInvalidationLog;
import com.newsfeed.cache.invalidation.OutboxTail;
import com.newsfeed.cache.load.Guards;
import com.newsfeed.cache.load.LoadTransaction;
import com.newsfeed.cache.load.RacePoints;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisConnectors;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisListLevel;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * One "instance" of the cache core for tests: its own L1, meters, fake clock, Redis connection, outbox tail and
 * invalidation subscription, over a real Redis, under a key prefix of the test's own. Two harnesses made with the
 * same prefix behave as two service instances: they share Redis keys, the invalidation channel, and the outbox (an
 * H2 database named after the prefix). Nothing runs on a schedule: a test calls {@link #poll()} where an instance
 * would poll its outbox.
 */
final class CacheHarness implements AutoCloseable {

    static final Ttl L1_TTL = Ttl.of(Duration.ofSeconds(60), Duration.ofSeconds(15));
    static final Ttl L2_TTL = Ttl.of(Duration.ofMinutes(30), Duration.ofMinutes(10));
    static final Ttl ABSENT_L1_TTL = Ttl.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    static final Ttl ABSENT_L2_TTL = Ttl.of(Duration.ofMinutes(5), Duration.ofSeconds(60));
    static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);
    private static final ScheduledExecutorService LEASE_EXTENSIONS = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "test-lease-extensions");
                thread.setDaemon(true);
                return thread;
            });

    /** A cache configuration under test. */
    record Setup(String label, boolean l1, L2Layout l2, boolean absentMarkers) {

        @Override
        public String toString() {
            return label;
        }
    }

    /** The knobs most tests leave alone; each setter returns the same options, to chain. */
    static final class Options {

        Duration leaseWait = Duration.ofSeconds(2);
        Duration leaseTtl = Duration.ofSeconds(5);
        DataSize l1Weight = DataSize.ofMegabytes(8);
        boolean guardFills = true;
        RacePoints points = RacePoints.NONE;
        Duration renewL2Below = Duration.ofSeconds(60);
        LettuceConnectionFactory connections = TestRedis.connectionFactory();
        LettuceConnectionFactory pubSub;
        long bloomExpectedIds = 10_000;
        CacheProperties.ListShape listShape = CacheProperties.ListShape.DEFAULT;
        ExecutorService busThread;

        static Options defaults() {
            return new Options();
        }

        Options leaseWait(Duration wait) {
            leaseWait = wait;
            return this;
        }

        Options leaseTtl(Duration ttl) {
            leaseTtl = ttl;
            return this;
        }

        Options l1Weight(DataSize weight) {
            l1Weight = weight;
            return this;
        }

        Options guardFills(boolean guard) {
            guardFills = guard;
            return this;
        }

        Options points(RacePoints racePoints) {
            points = racePoints;
            return this;
        }

        Options connections(LettuceConnectionFactory factory) {
            connections = factory;
            return this;
        }

        /** The subscription's own way to Redis (e.g. through a proxy of its own); by default the same. */
        Options pubSub(LettuceConnectionFactory factory) {
            pubSub = factory;
            return this;
        }

        /** The bus's own thread, in place of the single thread it starts for itself. */
        Options busThread(ExecutorService executor) {
            busThread = executor;
            return this;
        }

        Options bloomExpectedIds(long expected) {
            bloomExpectedIds = expected;
            return this;
        }

        /** A list cache's cap, head and update threshold. */
        Options listShape(int cap, int head) {
            listShape = new CacheProperties.ListShape(cap, head, Duration.ofSeconds(5));
            return this;
        }
    }

    static final class FakeTicker implements Ticker {

        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    final String prefix;
    final FakeTicker ticker = new FakeTicker();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CacheRegistry registry = new CacheRegistry();
    /** Plain access to this harness's Redis, to check what is stored. */
    final StringRedisTemplate redis;
    final JdbcTemplate outboxDatabase;
    final RedisExecutor executor;
    final OutboxTail tail;
    private final Invalidator invalidator;
    final InvalidationBus bus;
    private final TransactionTemplate transactions;
    private final CacheFactory factory;
    final RedisCircuit circuit;
    final CacheMaintenance maintenance;

    CacheHarness(Setup setup) {
        this(newPrefix(), setup, Options.defaults());
    }

    CacheHarness(Setup setup, Duration leaseWait) {
        this(newPrefix(), setup, Options.defaults().leaseWait(leaseWait));
    }

    CacheHarness(String prefix, Setup setup, Options options) {
        this.prefix = prefix;
        CacheProperties.Spec spec = new CacheProperties.Spec(
                new CacheProperties.L1(setup.l1(), options.l1Weight, L1_TTL),
                new CacheProperties.L2(setup.l2() != null, setup.l2() == null ? L2Layout.STRING : setup.l2(), L2_TTL),
                new CacheProperties.Absent(setup.absentMarkers(), ABSENT_L1_TTL, ABSENT_L2_TTL), 0,
                options.listShape);
        CacheProperties properties = properties(prefix, spec, options);
        this.circuit = new RedisCircuit(CircuitBreakerRegistry.ofDefaults(), new RedisCircuit.Settings(50,
                Duration.ofSeconds(5), 5, Duration.ofSeconds(2), 3), ticker);
        LettuceConnectionFactory connections = options.connections;
        this.redis = new StringRedisTemplate(connections);
        redis.afterPropertiesSet();
        this.executor = new RedisExecutor(RedisConnectors.data(connections::getRequiredNativeClient,
                ByteArrayCodec.INSTANCE), circuit, connections.getClientConfiguration().getCommandTimeout(),
                Duration.ofMillis(100), ticker, meters);
        DataSource outbox = outboxFor(prefix);
        this.outboxDatabase = new JdbcTemplate(outbox);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(outbox));
        InvalidationLog log = new JdbcInvalidationLog(outboxDatabase, Clock.systemUTC());
        this.tail = new OutboxTail(log, registry, executor, ticker, Clock.systemUTC(), new OutboxTail.Settings(1000,
                Duration.ofSeconds(60), 10_000, Duration.ofSeconds(60), Duration.ofHours(3), Duration.ofSeconds(60)));
        LettuceConnectionFactory pubSub = options.pubSub == null ? connections : options.pubSub;
        Supplier<StatefulRedisPubSubConnection<byte[], byte[]>> subscriber = RedisConnectors.pubSub(
                pubSub::getRequiredNativeClient, ByteArrayCodec.INSTANCE);
        this.bus = options.busThread == null
                ? new InvalidationBus(registry, tail, executor, subscriber, prefix, Clock.systemUTC(), ticker,
                        Duration.ofSeconds(3), meters)
                : new InvalidationBus(registry, tail, executor, subscriber, prefix, Clock.systemUTC(), ticker,
                        Duration.ofSeconds(3), meters, options.busThread);
        bus.start();
        this.invalidator = new Invalidator(log, executor, bus, tail);
        ReadEngine engine = new ReadEngine(executor, Guards.REDIS, LoadTransaction.direct(), ticker,
                new ReadEngine.Timing(options.leaseTtl, options.leaseWait, Duration.ofMillis(2),
                        Duration.ofMillis(25)), Runnable::run, LEASE_EXTENSIONS, options.points);
        this.factory = new CacheFactory(new CacheFactory.Shared(properties, executor, engine, invalidator, registry,
                JsonMapper.builder().build(), meters, ticker, Runnable::run, options.points));
        this.maintenance = new CacheMaintenance(registry, executor, circuit, tail, bus, Clock.systemUTC(), meters);
    }

    private static CacheProperties properties(String prefix, CacheProperties.Spec spec, Options options) {
        return new CacheProperties(prefix, Duration.ofSeconds(10), STALE_IF_ERROR, Duration.ofMillis(100),
                new CacheProperties.Lease(options.leaseTtl, options.leaseWait, Duration.ofMillis(2),
                        Duration.ofMillis(25), options.guardFills),
                new CacheProperties.RedisCircuitSettings(50, Duration.ofSeconds(5), 5, Duration.ofSeconds(2), 3),
                new CacheProperties.Refresh(0.2, options.renewL2Below, 1, 100),
                new CacheProperties.Outbox(Duration.ofMillis(250), 1000, Duration.ofSeconds(60), 10_000,
                        Duration.ofSeconds(60), Duration.ofHours(3), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(1)),
                new CacheProperties.Invalidation(Duration.ofSeconds(5), Duration.ofSeconds(3)),
                new CacheProperties.BloomSchedule(Duration.ofSeconds(30), Duration.ofHours(6)),
                Map.of("items", spec, "lists", spec), Map.of("items", new CacheProperties.Bloom(options.bloomExpectedIds, 0.01)));
    }

    /** The outbox these harnesses share: an H2 database named after the prefix, with the service's migrations. */
    private static synchronized DataSource outboxFor(String prefix) {
        String name = "outbox_" + prefix.replaceAll("[^A-Za-z0-9]", "_");
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:" + name + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    static String newPrefix() {
        return "test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    LayeredCache<Item> cache(FakeItems items) {
        return started(factory.cache("items", Item.class).keyPattern("item:{id}").loader(items).build());
    }

    LayeredCache<Item> cache(FakeItems items, IdFilter bloom) {
        return started(factory.cache("items", Item.class).keyPattern("item:{id}").loader(items).bloomFilter(bloom)
                .build());
    }

    /** A cache whose values carry a row version (here: the score), so hash entries can be updated in place. */
    LayeredCache<Item> versionedCache(FakeItems items) {
        return started(factory.cache("items", Item.class).keyPattern("item:{id}").loader(items)
                .rowVersion(Item::score).build());
    }

    /** As an instance does at start, once its caches exist: the first outbox poll (undelivered rows). */
    private LayeredCache<Item> started(LayeredCache<Item> cache) {
        tail.poll();
        return cache;
    }

    /** A list cache named "lists" (its settings are the harness's spec), keys {@code list:{id}}. */
    ListCache listCache(ListLoader loader) {
        ListCache lists = factory.list("lists", "list:{id}", loader);
        tail.poll();
        return lists;
    }

    /** Runs a writer's in-place change of list {@code list:{id}} at an outbox sequence, as a late delivery would. */
    void deliverListChange(long listId, long seq, ListEntry member, boolean added) {
        RedisListLevel level = new RedisListLevel(prefix, "list:{id}", null, L2_TTL, 200, 1000, 5_000, 5_000, true);
        RedisBatch batch = executor.batch();
        level.update(batch, listId, seq, member, added);
        batch.execute();
    }

    RedisBloomFilter bloomFilter(FakeItems items) {
        return factory.bloomFilter("items", items);
    }

    /** Runs a write as a service would: its outbox rows commit with it, its deliveries follow the commit. */
    void inTransaction(Runnable write) {
        transactions.executeWithoutResult(status -> write.run());
    }

    /** The outbox's highest sequence committed so far. */
    long lastSeq() {
        return invalidator.lastSeq();
    }

    /** What the outbox schedule does every 250 ms. */
    void poll() {
        tail.poll();
    }

    /** What the one-second schedule does: probe a tripped breaker. */
    void probe() {
        maintenance.probeRedis();
    }

    boolean circuitClosed() {
        return circuit.isClosed();
    }

    long roundTrips() {
        return executor.roundTrips();
    }

    String key(long id) {
        return KeyLayout.key(prefix, "item:{id}", id);
    }

    String leaseKey(long id) {
        return KeyLayout.key(prefix, "lease:item:{id}", id);
    }

    double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    double gets(String level, String result) {
        return count("newsfeed.cache.gets", "level", level, "result", result);
    }

    /** Outbox rows not yet marked delivered. */
    long undeliveredRows() {
        return outboxDatabase.queryForObject("SELECT COUNT(*) FROM cache_invalidations WHERE delivered = FALSE",
                Long.class);
    }

    /** Deletes every key this harness wrote, and stops its subscription and connection. */
    @Override
    public void close() {
        bus.stop();
        executor.close();
        try {
            var keys = redis.keys(prefix + "*");
            if (keys != null && !keys.isEmpty()) {
                redis.delete(keys);
            }
        } catch (org.springframework.dao.DataAccessException e) {
            // a test that left its own Redis stopped, or never had one: nothing to clean
        }
    }
}
