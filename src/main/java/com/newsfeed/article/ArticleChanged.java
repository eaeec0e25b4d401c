package com.newsfeed.article;

/**
 * Published inside the transaction of every update or delete of an article. The article's own caches are evicted
 * directly; this is for other caches of article data (the Spring Cache benchmark mode listens after commit).
 */
public record ArticleChanged(long id) {
}
