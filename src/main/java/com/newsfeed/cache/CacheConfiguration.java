package com.newsfeed.cache;

import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.invalidation.InvalidationBus;
import com.newsfeed.cache.invalidation.InvalidationLog;
import com.newsfeed.cache.invalidation.Invalidator;
import com.newsfeed.cache.invalidation.JdbcInvalidationLog;
import com.newsfeed.cache.invalidation.OutboxTail;
import com.newsfeed.cache.load.Guards;
import com.newsfeed.cache.load.LoadTransaction;
import com.newsfeed.cache.load.RacePoints;
import com.newsfeed.cache.load.ReadEngine;
import com.newsfeed.cache.remote.RedisCircuit;
import com.newsfeed.cache.remote.RedisConnectors;
import com.newsfeed.cache.remote.RedisExecutor;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The cache core's beans: the Redis connection and breaker, the outbox and bus, the read engine, the factory. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    /** After the demo data seeder (order 0), before anything unordered. */
    static final int START_ORDER = 100;

    /** The caches' clock; a test replaces it with a {@code @Primary} fake to move time instead of sleeping. */
    @Bean
    Ticker cacheTicker() {
        return Ticker.systemTicker();
    }

    @Bean
    RedisCircuit redisCircuit(CacheProperties properties, MeterRegistry meters, Ticker cacheTicker) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        CacheProperties.RedisCircuitSettings s = properties.redisCircuit();
        return new RedisCircuit(breakers, new RedisCircuit.Settings(s.failureRateThreshold(), s.window(),
                s.minimumCalls(), s.waitInOpen(), s.probesInHalfOpen()), cacheTicker);
    }

    /**
     * The cache's own multiplexed connection, from the client Spring Boot configured (host, timeouts, options): to
     * one server, or with {@code spring.data.redis.cluster.nodes} to a cluster.
     */
    @Bean(destroyMethod = "close")
    RedisExecutor cacheRedis(LettuceConnectionFactory connections, RedisCircuit circuit, CacheProperties properties,
            Ticker cacheTicker, MeterRegistry meters) {
        return new RedisExecutor(RedisConnectors.data(connections::getRequiredNativeClient, ByteArrayCodec.INSTANCE),
                circuit,
                connections.getClientConfiguration().getCommandTimeout(), properties.reconnectPause(), cacheTicker,
                meters);
    }

    /**
     * Three schedulers, so that no task waits behind another kind: the outbox poll (the staleness bound), lease
     * extensions (a lease that lapses lets a second load in), and the rest of the maintenance (a bloom rebuild
     * reads every id and may take seconds).
     */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler cacheScheduler() {
        return scheduler("cache-maintenance-", 2);
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler cacheOutboxScheduler() {
        return scheduler("cache-outbox-", 1);
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler cacheLeaseScheduler() {
        return scheduler("cache-lease-", 1);
    }

    private static ThreadPoolTaskScheduler scheduler(String threadNamePrefix, int threads) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(threads);
        scheduler.setThreadNamePrefix(threadNamePrefix);
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    CacheRegistry cacheRegistry() {
        return new CacheRegistry();
    }

    @Bean
    InvalidationLog invalidationLog(JdbcTemplate jdbc, Clock clock) {
        return new JdbcInvalidationLog(jdbc, clock);
    }

    @Bean
    OutboxTail outboxTail(InvalidationLog invalidationLog, Clock clock, CacheRegistry registry,
            RedisExecutor cacheRedis, Ticker cacheTicker, CacheProperties properties) {
        CacheProperties.Outbox o = properties.outbox();
        return new OutboxTail(invalidationLog, registry, cacheRedis, cacheTicker, clock,
                new OutboxTail.Settings(o.batchSize(), o.gapTimeout(), o.maxGaps(), o.confirmedFor(), o.retention(),
                        o.failoverReplay()));
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    InvalidationBus invalidationBus(CacheRegistry registry, OutboxTail outboxTail, RedisExecutor cacheRedis,
            LettuceConnectionFactory connections, CacheProperties properties, Clock clock, Ticker cacheTicker,
            MeterRegistry meters) {
        return new InvalidationBus(registry, outboxTail, cacheRedis,
                RedisConnectors.pubSub(connections::getRequiredNativeClient, ByteArrayCodec.INSTANCE),
                properties.keyPrefix(), clock,
                cacheTicker, properties.invalidation().checkTimeout(), meters);
    }

    @Bean
    Invalidator invalidator(InvalidationLog invalidationLog, RedisExecutor cacheRedis, InvalidationBus bus,
            OutboxTail outboxTail) {
        return new Invalidator(invalidationLog, cacheRedis, bus, outboxTail);
    }

    /** Refresh-ahead: a small bounded pool; a refresh it cannot take is dropped (and counted). */
    @Bean
    ThreadPoolTaskExecutor cacheRefreshExecutor(CacheProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.refresh().threads());
        executor.setMaxPoolSize(properties.refresh().threads());
        executor.setQueueCapacity(properties.refresh().queue());
        executor.setThreadNamePrefix("cache-refresh-");
        executor.setDaemon(true);
        return executor;
    }

    @Bean
    ReadEngine readEngine(RedisExecutor cacheRedis, PlatformTransactionManager transactions, Ticker cacheTicker,
            CacheProperties properties, ThreadPoolTaskScheduler cacheLeaseScheduler,
            ThreadPoolTaskExecutor cacheRefreshExecutor) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        LoadTransaction inTransaction = new LoadTransaction() {
            @Override
            public <T> T run(java.util.function.Supplier<T> work) {
                return readOnly.execute(status -> work.get());
            }
        };
        CacheProperties.Lease lease = properties.lease();
        return new ReadEngine(cacheRedis, Guards.REDIS, inTransaction, cacheTicker, new ReadEngine.Timing(
                lease.ttl(), lease.maxWait(), lease.firstPause(), lease.longestPause()), cacheRefreshExecutor,
                cacheLeaseScheduler.getScheduledExecutor(), RacePoints.NONE);
    }

    /** Caffeine's maintenance on its default executor (the common pool), as its authors recommend. */
    @Bean
    CacheFactory cacheFactory(CacheProperties properties, RedisExecutor cacheRedis, ReadEngine readEngine,
            Invalidator invalidator, CacheRegistry registry, JsonMapper jsonMapper, MeterRegistry meters,
            Ticker cacheTicker) {
        return new CacheFactory(new CacheFactory.Shared(properties, cacheRedis, readEngine, invalidator, registry,
                jsonMapper, meters, cacheTicker, ForkJoinPool.commonPool(), RacePoints.NONE));
    }

    @Bean
    CacheReads cacheReads(ReadEngine readEngine) {
        return new CacheReads(readEngine);
    }

    @Bean
    CacheNode cacheNode(InvalidationBus bus, RedisCircuit circuit) {
        return new CacheNode(bus, circuit);
    }

    @Bean
    CacheMaintenance cacheMaintenance(CacheRegistry registry, RedisExecutor cacheRedis, RedisCircuit circuit,
            OutboxTail outboxTail, InvalidationBus bus, Clock clock, MeterRegistry meters) {
        return new CacheMaintenance(registry, cacheRedis, circuit, outboxTail, bus, clock, meters);
    }

    @Bean
    CacheMaintenanceSchedule cacheMaintenanceSchedule(CacheMaintenance maintenance,
            ThreadPoolTaskScheduler cacheScheduler, ThreadPoolTaskScheduler cacheOutboxScheduler,
            CacheProperties properties) {
        return new CacheMaintenanceSchedule(maintenance, cacheScheduler, cacheOutboxScheduler, properties);
    }

    @Bean("caches")
    CacheHealthIndicator cacheHealthIndicator(CacheRegistry registry, RedisExecutor cacheRedis,
            RedisCircuit circuit) {
        return new CacheHealthIndicator(registry, cacheRedis, circuit);
    }

    /**
     * Before the service reports ready, after the demo data is loaded: every bloom filter is built from the
     * database, the outbox's undelivered rows are delivered, and the caches configured to be warmed up are.
     */
    @Bean
    ApplicationRunner cacheStart(CacheMaintenance maintenance) {
        return new StartRunner(maintenance);
    }

    private record StartRunner(CacheMaintenance maintenance) implements ApplicationRunner, Ordered {

        @Override
        public void run(ApplicationArguments args) {
            maintenance.rebuildAllBloomFilters();
            maintenance.pollOutbox();
            maintenance.warmUp();
        }

        @Override
        public int getOrder() {
            return START_ORDER;
        }
    }
}
