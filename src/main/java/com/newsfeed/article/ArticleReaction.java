package com.newsfeed.article;

/**
 * The event of a like or a collection given or taken back ({@code article.liked}, {@code article.unliked},
 * {@code article.collected}, {@code article.uncollected}), published once the change commits, for other services
 * to bind queues to (recommendations, notifications): the database holds the reactions themselves.
 *
 * @param at when, in epoch milliseconds
 */
public record ArticleReaction(long articleId, long userId, long at) {
}
