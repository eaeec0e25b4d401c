package com.newsfeed.article;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Limit;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.guard.RedisBloomFilter;

/**
 * An article's two caches, as in Toutiao: its info ({@code art:{id}:info}, what lists show) and its body
 * ({@code art:{id}:detail}, read only by the detail view). Both share one bloom filter of the ids a read can
 * find (published articles), asked once per id when both miss. And the two lists of articles, as sorted sets.
 */
@Configuration(proxyBeanMethods = false)
class ArticleCacheConfiguration {

    @Bean
    RedisBloomFilter articleIdFilter(CacheFactory caches, ArticleRepository articles) {
        return caches.bloomFilter("articles", sink -> articles.findPublishedIds().forEach(sink::accept));
    }

    @Bean
    LayeredCache<ArticleInfo> articleInfoCache(CacheFactory caches, ArticleRepository articles,
            RedisBloomFilter articleIdFilter) {
        return caches.cache("article-info", ArticleInfo.class)
                .keyPattern("art:{id}:info")
                .bloomFilter(articleIdFilter)
                .loader(EntityLoader.of(
                        articles::findPublishedInfo,
                        articles::findPublishedInfos,
                        ArticleInfo::id))
                .newestIds(count -> articles.findNewestPublishedIds(Limit.of(count)))
                .build();
    }

    /** A channel's feed, {@code ch:{id}:art}: article ids scored by publish time. */
    @Bean
    ListCache channelFeeds(CacheFactory caches, ArticleRepository articles) {
        return caches.list("channel-feed", "ch:{id}:art", ArticleLists.channelFeed(articles));
    }

    /** A user's published articles, {@code user:{id}:art}. */
    @Bean
    ListCache authorArticles(CacheFactory caches, ArticleRepository articles) {
        return caches.list("author-articles", "user:{id}:art", ArticleLists.byAuthor(articles));
    }

    @Bean
    LayeredCache<String> articleBodyCache(CacheFactory caches, ArticleRepository articles,
            ArticleContentRepository contents, RedisBloomFilter articleIdFilter) {
        return caches.cache("article-body", String.class)
                .keyPattern("art:{id}:detail")
                .bloomFilter(articleIdFilter)
                .loader(EntityLoader.of(contents::findBody, contents::findBodies))
                .newestIds(count -> articles.findNewestPublishedIds(Limit.of(count)))
                .build();
    }
}
