package com.newsfeed.article;

import java.util.List;

import org.springframework.stereotype.Component;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.RedisBloomFilter;

/**
 * An article's two caches, as in Toutiao: its info ({@code art:{id}:info}, what lists show) and its body
 * ({@code art:{id}:detail}, read only by the detail view). Both share one bloom filter of article ids.
 */
@Component
class ArticleCaches {

    final LayeredCache<ArticleInfo> info;
    final LayeredCache<String> body;

    ArticleCaches(CacheFactory caches, ArticleRepository articles, ArticleContentRepository contents) {
        RedisBloomFilter articleIds = caches.bloomFilter("articles", sink -> articles.findAllIds().forEach(sink::accept));
        this.info = caches.cache("article-info", ArticleInfo.class)
                .keyPattern("art:{id}:info")
                .bloomFilter(articleIds)
                .loader(EntityLoader.of(
                        articles::findPublishedInfo,
                        ids -> articles.findByIdInAndStatus(List.copyOf(ids), ArticleStatus.PUBLISHED).stream()
                                .map(ArticleInfo::of).toList(),
                        ArticleInfo::id))
                .build();
        this.body = caches.cache("article-body", String.class)
                .keyPattern("art:{id}:detail")
                .bloomFilter(articleIds)
                .loader(contents::findBody)
                .build();
    }
}
