package com.newsfeed.cache;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The cache core's beans: a raw-bytes Redis template, the factory, the registry, and the bloom filter builds. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    /** After the demo data seeder (order 0), before anything unordered. */
    static final int BLOOM_BUILD_ORDER = 100;

    @Bean
    RedisCircuit redisCircuit(CacheProperties properties, MeterRegistry meters) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        CacheProperties.RedisCircuitSettings settings = properties.redisCircuit();
        return new RedisCircuit(breakers, settings.failureRateThreshold(), settings.waitInOpen(),
                settings.recoveryGrace());
    }

    /** Every Redis call of the cache goes through the circuit breaker. */
    @Bean
    RedisTemplate<byte[], byte[]> cacheRedisTemplate(RedisConnectionFactory connectionFactory, RedisCircuit circuit) {
        RedisTemplate<byte[], byte[]> template = new GuardedRedisTemplate(circuit);
        template.setConnectionFactory(connectionFactory);
        template.setKeySerializer(RedisSerializer.byteArray());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashKeySerializer(RedisSerializer.byteArray());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        return template;
    }

    /** The caches' clock; a test replaces it with a {@code @Primary} fake to move time instead of sleeping. */
    @Bean
    Ticker cacheTicker() {
        return Ticker.systemTicker();
    }

    @Bean
    CacheRegistry cacheRegistry(RedisCircuit circuit) {
        CacheRegistry registry = new CacheRegistry();
        // Back from an outage: first deliver what could not be, while L2 is still not read (recovery grace).
        circuit.onRecovery(() -> new CacheMaintenance(registry, () -> { }).deliverPending());
        return registry;
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    InvalidationBus invalidationBus(CacheRegistry registry, RedisTemplate<byte[], byte[]> cacheRedisTemplate,
            RedisConnectionFactory connectionFactory, CacheProperties properties, MeterRegistry meters,
            RedisCircuit circuit) {
        return new InvalidationBus(registry, cacheRedisTemplate, connectionFactory, properties.keyPrefix(), meters,
                circuit);
    }

    @Bean
    CacheFactory cacheFactory(CacheProperties properties, RedisTemplate<byte[], byte[]> cacheRedisTemplate,
            JsonMapper jsonMapper, MeterRegistry meters, Ticker cacheTicker, CacheRegistry registry,
            InvalidationBus invalidationBus, RedisCircuit circuit) {
        return new CacheFactory(properties, cacheRedisTemplate, jsonMapper, meters, cacheTicker, registry,
                invalidationBus, circuit);
    }

    /** Builds every bloom filter from the database before the service reports ready. */
    @Bean
    BloomFilterBuild bloomFilterBuild(CacheRegistry registry) {
        return new BloomFilterBuild(registry);
    }

    /** Runs after the demo data is loaded (see {@code BLOOM_BUILD_ORDER}), so the filters include it. */
    static final class BloomFilterBuild implements ApplicationRunner, Ordered {

        private final CacheRegistry registry;

        BloomFilterBuild(CacheRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void run(ApplicationArguments args) {
            new CacheMaintenance(registry, () -> { }).rebuildAllBloomFilters();
        }

        @Override
        public int getOrder() {
            return BLOOM_BUILD_ORDER;
        }
    }
}
