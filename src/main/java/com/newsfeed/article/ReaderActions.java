package com.newsfeed.article;

/**
 * What the caller has done to an article, and its counts after it: the answer to a like or a collection, and to
 * {@code GET /api/articles/{id}/reactions}.
 *
 * @param counts null when the store could not be read (the action itself is done: it is in the database)
 */
public record ReaderActions(long articleId, boolean liked, boolean collected, ArticleCounts counts) {
}
