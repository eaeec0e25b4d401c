package com.newsfeed.bench;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.transaction.event.TransactionalEventListener;

import com.newsfeed.article.ArticleChanged;
import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleService;
import com.newsfeed.system.ResourceNotFoundException;

/**
 * Article details as the Spring Cache documentation would have them: {@code @Cacheable} on the read (without
 * {@code sync}, the default), {@code @CacheEvict} after the writing transaction commits. A missing article throws,
 * so nothing is cached for it and every such read reaches the database.
 */
class SpringCachedArticles {

    static final String CACHE = "article-detail";

    private final ArticleService articles;

    SpringCachedArticles(ArticleService articles) {
        this.articles = articles;
    }

    @Cacheable(cacheNames = CACHE, key = "#id")
    public ArticleDetail detail(long id) {
        return articles.loadDetail(id).orElseThrow(() -> new ResourceNotFoundException("article", id));
    }

    @TransactionalEventListener
    @CacheEvict(cacheNames = CACHE, key = "#changed.id()")
    public void evict(ArticleChanged changed) {
        // the annotation does the work, once the write has committed
    }
}
