package com.newsfeed.article;

/**
 * The event of one read of an article's detail ({@code article.read.reader} or {@code article.read.anonymous}): what the reading counts and the reader's
 * history are kept from. A message with an impossible field is refused whole (to the dead-letter queue).
 *
 * @param userId the reader, or null when not logged in
 * @param at     when, in epoch milliseconds
 */
public record ArticleRead(long articleId, int channelId, Long userId, long at) {

    public ArticleRead {
        if (articleId <= 0 || channelId <= 0 || at <= 0 || (userId != null && userId <= 0)) {
            throw new IllegalArgumentException("not a read of an article: article " + articleId + ", channel "
                    + channelId + ", user " + userId + ", at " + at);
        }
    }
}
