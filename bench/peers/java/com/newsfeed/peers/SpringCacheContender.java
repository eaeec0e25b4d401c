package com.newsfeed.peers;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongFunction;

import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Spring's cache abstraction as {@code @Cacheable(sync = true)} uses it ({@code Cache.get(key, valueLoader)}: one load
 * per key per JVM), over Caffeine (one level, in memory; nothing tells the other node of a change) or over Redis
 * (one level, shared; every read a round trip).
 */
final class SpringCacheContender {

    private SpringCacheContender() {
    }

    static PeerNode caffeine(Settings settings, PeerNode.Loader loader) {
        CaffeineCacheManager manager = new CaffeineCacheManager("article");
        manager.setCaffeine(Caffeine.newBuilder().maximumSize(settings.l1Entries())
                .expireAfterWrite(settings.l2Ttl()));
        Cache cache = manager.getCache("article");
        return node(cache, loader, () -> ((com.github.benmanes.caffeine.cache.Cache<?, ?>) cache.getNativeCache())
                .estimatedSize(), () -> { });
    }

    static PeerNode redis(String prefix, Settings settings, PeerNode.Loader loader) {
        LettuceConnectionFactory connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(settings.redisHost(), settings.redisPort()),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(250)).build());
        connections.afterPropertiesSet();
        connections.start();
        RedisCacheManager manager = RedisCacheManager.builder(connections).cacheDefaults(RedisCacheConfiguration
                .defaultCacheConfig().entryTtl(settings.l2Ttl()).prefixCacheNameWith(prefix)
                .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(
                        new JdkSerializationRedisSerializer()))).build();
        manager.afterPropertiesSet();
        Cache cache = manager.getCache("article");
        return node(cache, loader, () -> 0, connections::destroy);
    }

    private static PeerNode node(Cache cache, PeerNode.Loader loader, java.util.function.LongSupplier local,
            Runnable closer) {
        return new PeerNode() {
            @Override
            public Optional<Article> read(long id) {
                return Optional.ofNullable(cache.get(id, () -> loader.load(id).orElse(null)));
            }

            @Override
            public Article write(long id, LongFunction<Article> update) {
                Article written = update.apply(id);
                cache.evict(id);
                return written;
            }

            @Override
            public void clear() {
                cache.clear();
            }

            @Override
            public long localEntries() {
                return local.getAsLong();
            }

            @Override
            public Levels levels() {
                return Levels.UNKNOWN;
            }

            @Override
            public void close() {
                closer.run();
            }
        };
    }
}
