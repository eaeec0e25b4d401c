package com.newsfeed.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.invalidation.InvalidationBus;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.invalidation.JdbcInvalidationLog;
import com.newsfeed.cache.invalidation.OutboxTail;
import com.newsfeed.cache.load.Guards;
import com.newsfeed.cache.load.LoadTransaction;
import com.newsfeed.cache.load.RacePoints;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.peers.Article;
import com.newsfeed.peers.PeerNode;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ours, as the service runs it, outside Spring: the production classes (factory, L1, the Redis level on one shared
 * connection, breaker, read engine with leases, bloom filter, the JDBC invalidation outbox with its tail and the
 * pub/sub bus) and the production settings of the article body cache, one instance per node. In this package to
 * reach the core's wiring, as the service's own configuration does.
 */
public final class OursContender {

    private OursContender() {
    }

    /** One node: its own Redis client, connection, outbox tail, bus and L1. */
    public static PeerNode node(String prefix, String redisUri, DataSource dataSource, long l1Bytes, Duration l1Ttl,
            Duration l2Ttl, PeerNode.Loader loader) {
        ScheduledExecutorService background = Executors.newScheduledThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "ours-background");
            thread.setDaemon(true);
            return thread;
        });
        Ticker ticker = Ticker.systemTicker();
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(Duration.ofMillis(250)); // the service's spring.data.redis.timeout
        RedisClient client = RedisClient.create(uri);
        RedisCircuit circuit = new RedisCircuit(CircuitBreakerRegistry.ofDefaults(), new RedisCircuit.Settings(50,
                Duration.ofSeconds(5), 20, Duration.ofSeconds(2), 3), ticker);
        RedisExecutor redis = new RedisExecutor(() -> client.connect(ByteArrayCodec.INSTANCE), circuit,
                Duration.ofMillis(250), Duration.ofSeconds(1), ticker, meters);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        CacheRegistry registry = new CacheRegistry();
        JdbcInvalidationLog outbox = new JdbcInvalidationLog(jdbc, clock);
        OutboxTail tail = new OutboxTail(outbox, registry, redis, ticker, clock, new OutboxTail.Settings(1_000,
                Duration.ofSeconds(60), 10_000, Duration.ofSeconds(60), Duration.ofHours(3), Duration.ofSeconds(60)));
        InvalidationBus bus = new InvalidationBus(registry, tail, redis, () -> client.connectPubSub(
                ByteArrayCodec.INSTANCE), prefix, clock, ticker, Duration.ofSeconds(3), meters);
        CacheProperties properties = new CacheProperties(prefix, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofSeconds(1), new CacheProperties.Lease(Duration.ofSeconds(2), Duration.ofSeconds(10),
                        Duration.ofMillis(2), Duration.ofMillis(25), true),
                new CacheProperties.RedisCircuitSettings(50, Duration.ofSeconds(5), 20, Duration.ofSeconds(2), 3),
                new CacheProperties.Refresh(0.2, Duration.ofSeconds(60), 2, 1_000),
                new CacheProperties.Outbox(Duration.ofMillis(250), 1_000, Duration.ofSeconds(60), 10_000,
                        Duration.ofSeconds(60), Duration.ofHours(3), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(1)),
                new CacheProperties.Invalidation(Duration.ofSeconds(5), Duration.ofSeconds(3)),
                new CacheProperties.BloomSchedule(Duration.ofSeconds(30), Duration.ofHours(6)),
                Map.of("article", new CacheProperties.Spec(
                        new CacheProperties.L1(true, DataSize.ofBytes(l1Bytes), Ttl.of(l1Ttl, Duration.ZERO)),
                        new CacheProperties.L2(true, L2Layout.STRING, Ttl.of(l2Ttl, Duration.ZERO)),
                        new CacheProperties.Absent(true, Ttl.of(Duration.ofSeconds(10), Duration.ofSeconds(5)),
                                Ttl.of(Duration.ofMinutes(5), Duration.ofSeconds(60))), 0,
                        CacheProperties.ListShape.DEFAULT)),
                Map.of("peer-articles", new CacheProperties.Bloom(200_000, 0.01))); // as articles': 1% false positives
        LoadTransaction readOnly = new LoadTransaction() {
            @Override
            public <T> T run(java.util.function.Supplier<T> work) {
                return transactions.execute(status -> work.get());
            }
        };
        ReadEngine engine = new ReadEngine(redis, Guards.REDIS, readOnly, ticker, new ReadEngine.Timing(
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(2), Duration.ofMillis(25)),
                background, background, RacePoints.NONE);
        Invalidator invalidator = new Invalidator(outbox, redis, bus, tail);
        CacheFactory factory = new CacheFactory(new CacheFactory.Shared(properties, redis, engine, invalidator,
                registry, JsonMapper.builder().build(), meters, ticker, ForkJoinPool.commonPool(),
                RacePoints.NONE));
        var bloom = factory.bloomFilter("peer-articles", sink -> jdbc.queryForList(
                "SELECT id FROM peer_articles", Long.class).forEach(sink::accept));
        LayeredCache<Article> cache = factory.cache("article", Article.class).keyPattern("art:{id}")
                .bloomFilter(bloom).loader(loader::load).build();
        bus.start();
        bloom.rebuild();
        background.scheduleWithFixedDelay(tail::poll, 250, 250, TimeUnit.MILLISECONDS);
        return new PeerNode() {
            @Override
            public Optional<Article> read(long id) {
                return cache.getValue(id);
            }

            @Override
            public Article write(long id, java.util.function.LongFunction<Article> update) {
                return transactions.execute(status -> {
                    Article written = update.apply(id);
                    cache.evict(id); // recorded in the outbox in this transaction, delivered after the commit
                    return written;
                });
            }

            @Override
            public void clear() {
                cache.clear();
            }

            @Override
            public long localEntries() {
                return cache.statistics().l1().size();
            }

            @Override
            public long localWeightBytes() {
                return cache.statistics().l1().weightBytes();
            }

            @Override
            public PeerNode.Levels levels() {
                CacheStatistics stats = cache.statistics();
                return new PeerNode.Levels(stats.l1().hits(), stats.l2().hits(), stats.l2().misses());
            }

            @Override
            public void close() {
                bus.stop();
                background.shutdownNow();
                redis.close();
                client.shutdown();
            }
        };
    }
}
