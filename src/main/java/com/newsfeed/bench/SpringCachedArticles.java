package com.newsfeed.bench;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.Caching;
import org.springframework.transaction.event.TransactionalEventListener;

import com.newsfeed.article.ArticleChanged;
import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleService;
import com.newsfeed.system.ResourceNotFoundException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Article details as the Spring Cache documentation would have them: {@code @Cacheable(sync = true)} on the read,
 * {@code @CacheEvict} after the writing transaction commits. A missing article throws, so nothing is cached for it
 * and every such read reaches the database.
 */
class SpringCachedArticles {

    static final String BYTES = "article-detail-bytes";
    static final String OBJECTS = "article-detail";

    private final ArticleService articles;
    private final JsonMapper json;

    SpringCachedArticles(ArticleService articles, JsonMapper json) {
        this.articles = articles;
        this.json = json;
    }

    /** The response bytes, serialised once per load: what a hit sends as it is, as ours does. */
    @Cacheable(cacheNames = BYTES, key = "#id", sync = true)
    public ArticleService.ResponseJson detailBytes(long id) {
        return BaselineDetails.serialise(load(id), json);
    }

    /** The object, serialised again on every read (its own row in the report). */
    @Cacheable(cacheNames = OBJECTS, key = "#id", sync = true)
    public ArticleDetail detail(long id) {
        return load(id);
    }

    @TransactionalEventListener
    @Caching(evict = {@CacheEvict(cacheNames = BYTES, key = "#changed.id()"),
            @CacheEvict(cacheNames = OBJECTS, key = "#changed.id()")})
    public void evict(ArticleChanged changed) {
        // the annotations do the work, once the write has committed
    }

    private ArticleDetail load(long id) {
        return articles.loadDetail(id).orElseThrow(() -> new ResourceNotFoundException("article", id));
    }
}
