package com.newsfeed.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

import com.github.benmanes.caffeine.cache.Ticker;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import com.newsfeed.cache.remote.RedisConnectors;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/** The store's connection, counters, histories, rankings, and the daily fix's schedule. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);
    /** While the store cannot be connected to, calls fail at once for this long between attempts. */
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final int FIX_ATTEMPTS = 3;
    private static final Duration FIX_RETRY = Duration.ofMinutes(15);

    /** The store's clock for its in-memory copies; a test replaces it to move time instead of sleeping. */
    @Bean
    Ticker storeTicker() {
        return Ticker.systemTicker();
    }

    /**
     * Its own server when {@code newsfeed.store.redis.host} is set (with its own client, failing fast while
     * disconnected as the cache's does); else a connection of its own to the cache's server.
     */
    @Bean(destroyMethod = "close")
    StoreRedis storeRedis(StoreProperties properties, LettuceConnectionFactory cacheServer, Ticker storeTicker,
            ThreadPoolTaskScheduler storeScheduler) {
        StoreProperties.Redis redis = properties.redis();
        if (redis.ownServer()) {
            RedisURI.Builder uri = RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                    .withDatabase(redis.database()).withTimeout(redis.timeout());
            if (redis.password() != null && !redis.password().isEmpty()) {
                uri = redis.username() == null || redis.username().isEmpty()
                        ? uri.withPassword(redis.password().toCharArray())
                        : uri.withAuthentication(redis.username(), redis.password());
            }
            RedisClient client = RedisClient.create(uri.build());
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(redis.connectTimeout()).build())
                    .timeoutOptions(TimeoutOptions.enabled(redis.timeout())).build());
            log.info("Store on its own Redis at {}:{}", redis.host(), redis.port());
            return connected(new StoreRedis(() -> client.connect(StringCodec.UTF8), properties.keyPrefix(),
                    redis.timeout(), RECONNECT_PAUSE, storeTicker, storeScheduler, client::shutdown));
        }
        return connected(new StoreRedis(RedisConnectors.data(cacheServer::getRequiredNativeClient, StringCodec.UTF8),
                properties.keyPrefix(), redis.timeout(), RECONNECT_PAUSE, storeTicker,
                storeScheduler, () -> { }));
    }

    private static StoreRedis connected(StoreRedis store) {
        store.connectNow();
        return store;
    }

    @Bean
    Counters counters(StoreRedis storeRedis, StoreProperties properties, Ticker storeTicker,
            ThreadPoolTaskScheduler storeScheduler, MeterRegistry meters) {
        return new Counters(storeRedis, properties.counts(), storeTicker, storeScheduler, meters);
    }

    /** Batched count reads, ranking reloads, and the fix (which may take minutes): none waits behind another. */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler storeScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("store-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }

    /** Users' reading histories, {@code user:{id}:his:reading}. */
    @Bean
    Timeline readingHistory(StoreRedis storeRedis, StoreProperties properties) {
        return new Timeline(storeRedis, "user:{id}:his:reading", properties.history().size());
    }

    @Bean
    Ranking ranking(StoreRedis storeRedis, StoreProperties properties, Ticker storeTicker,
            ThreadPoolTaskScheduler storeScheduler) {
        return new Ranking(storeRedis, properties.hot().maxSize(), properties.hot().refresh(), storeTicker,
                storeScheduler);
    }

    /** The lock rows in the shared database, stamped with the database's time, not each instance's. */
    @Bean
    CounterFix counterFix(StoreRedis storeRedis, Counters counters, ObjectProvider<CounterSource> sources,
            DataSource dataSource, StoreProperties properties, ThreadPoolTaskScheduler storeScheduler, Clock clock,
            MeterRegistry meters) {
        JdbcTemplateLockProvider locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime().build());
        List<CounterSource> all = sources.orderedStream().toList();
        CounterFix fix = new CounterFix(storeRedis, counters, all, new DefaultLockingTaskExecutor(locks),
                properties.fix(), clock, meters);
        if (!"-".equals(properties.fix().cron())) {
            storeScheduler.schedule(() -> withRetries(fix::runScheduled, "scheduled", storeScheduler, 1),
                    new CronTrigger(properties.fix().cron(), properties.fix().zone()));
        }
        return fix;
    }

    /** A run that failed (the store or the database down) is tried again, twice, 15 minutes apart. */
    private static void withRetries(Supplier<CounterFix.Outcome> run, String which,
            ThreadPoolTaskScheduler scheduler, int attempt) {
        try {
            if (run.get().ran()) {
                log.info("Counter fix ({}) done", which);
            }
        } catch (RuntimeException e) {
            if (attempt < FIX_ATTEMPTS) {
                log.warn("Counter fix ({}) failed ({}); trying again in {}", which, e.getMessage(), FIX_RETRY);
                scheduler.schedule(() -> withRetries(run, which, scheduler, attempt + 1),
                        Instant.now().plus(FIX_RETRY));
            } else {
                log.error("Counter fix ({}) failed {} times; counters stay as they are until the next run", which,
                        attempt, e);
            }
        }
    }

    /** After start-up (the demo seeder included), the fix runs once if the store holds no record of a run. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> counterFixOnStart(CounterFix counterFix, StoreProperties properties,
            ThreadPoolTaskScheduler storeScheduler) {
        return ready -> {
            if (properties.fix().onStart()) {
                storeScheduler.execute(() -> withRetries(counterFix::runIfNeverRan, "at start-up",
                        storeScheduler, 1));
            }
        };
    }
}
