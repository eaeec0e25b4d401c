package com.newsfeed.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleService;
import com.newsfeed.cache.CacheProperties;

import tools.jackson.databind.json.JsonMapper;

/**
 * The ecosystem default a team would pick instead of this service: Spring's cache abstraction over a
 * {@link RedisCacheManager}, in its documented setup for hot keys ({@code @Cacheable(sync = true)}: one load per
 * key per instance) on Boot's shared Lettuce connection (no pool), evicted after commit on every article write. No
 * local level, no coordination across instances, no bloom filter, no jitter. Its keys live under this instance's
 * key prefix, so no other benchmark mode shares them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${newsfeed.bench.baseline:none}'.startsWith('spring-cache')")
@EnableCaching
class SpringCacheConfiguration {

    @Bean
    RedisCacheManager springCacheManager(RedisConnectionFactory connections, JsonMapper json,
            BenchProperties bench, CacheProperties cache) {
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .entryTtl(bench.springCacheTtl())
                .prefixCacheNameWith(cache.keyPrefix() + "spring:");
        return RedisCacheManager.builder(connections)
                .withCacheConfiguration(SpringCachedArticles.BYTES, defaults.serializeValuesWith(
                        SerializationPair.fromSerializer(new DetailBytes())))
                // A typed serializer: the generic one writes records without type info and reads them as maps.
                .withCacheConfiguration(SpringCachedArticles.OBJECTS, defaults.serializeValuesWith(
                        SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(json, ArticleDetail.class))))
                .build();
    }

    @Bean
    SpringCachedArticles springCachedArticles(ArticleService articles, JsonMapper json) {
        return new SpringCachedArticles(articles, json);
    }

    @Bean
    BaselineDetails springCacheDetails(SpringCachedArticles cached, BenchProperties bench, JsonMapper json) {
        return bench.baseline() == BenchProperties.Baseline.SPRING_CACHE ? cached::detailBytes
                : id -> BaselineDetails.serialise(cached.detail(id), json);
    }

    /** A cached response as it is sent: its tag, a newline, its JSON bytes. */
    static final class DetailBytes implements RedisSerializer<ArticleService.ResponseJson> {

        @Override
        public byte[] serialize(ArticleService.ResponseJson detail) {
            byte[] tag = detail.tag().getBytes(StandardCharsets.US_ASCII);
            byte[] stored = Arrays.copyOf(tag, tag.length + 1 + detail.json().length);
            stored[tag.length] = '\n';
            System.arraycopy(detail.json(), 0, stored, tag.length + 1, detail.json().length);
            return stored;
        }

        @Override
        public ArticleService.ResponseJson deserialize(byte[] stored) {
            if (stored == null) {
                return null;
            }
            int newline = 0;
            while (stored[newline] != '\n') {
                newline++;
            }
            return new ArticleService.ResponseJson(Arrays.copyOfRange(stored, newline + 1, stored.length),
                    new String(stored, 0, newline, StandardCharsets.US_ASCII), false);
        }
    }
}
