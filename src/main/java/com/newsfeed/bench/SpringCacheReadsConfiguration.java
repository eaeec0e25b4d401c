package com.newsfeed.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleReads;
import com.newsfeed.article.ArticleService;

import tools.jackson.databind.json.JsonMapper;

/**
 * The ecosystem default a team would pick instead of this service: Spring's cache abstraction, {@code @Cacheable}
 * over a {@link RedisCacheManager} (one Redis round trip per hit, no local level, no single flight across
 * instances, no bloom filter, no jitter), evicted after commit on every article write.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "newsfeed.bench.article-reads", havingValue = "spring-cache")
@EnableCaching
class SpringCacheReadsConfiguration {

    @Bean
    RedisCacheManager springCacheManager(RedisConnectionFactory connections, JsonMapper json,
            BenchProperties properties) {
        // A typed serializer: the generic one writes records (final classes) without type info and reads them
        // back as maps.
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .entryTtl(properties.springCacheTtl())
                .prefixCacheNameWith("nf:spring:")
                .serializeValuesWith(SerializationPair.fromSerializer(
                        new JacksonJsonRedisSerializer<>(json, ArticleDetail.class)));
        return RedisCacheManager.builder(connections).cacheDefaults(defaults).build();
    }

    @Bean
    SpringCachedArticles springCachedArticles(ArticleService articles) {
        return new SpringCachedArticles(articles);
    }

    @Bean
    ArticleReads springCacheArticleReads(SpringCachedArticles cached, JsonMapper json) {
        return id -> BaselineReadsConfiguration.detailJson(cached.detail(id), json);
    }
}
