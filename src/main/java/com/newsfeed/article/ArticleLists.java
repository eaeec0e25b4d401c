package com.newsfeed.article;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;

import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListLoader;
import com.newsfeed.system.OffsetPages;

/** The two lists of articles as the database answers them, each query from its index alone. */
final class ArticleLists {

    private ArticleLists() {
    }

    /** A channel's published articles ({@code idx_articles_channel_feed}). */
    static ListLoader channelFeed(ArticleRepository articles) {
        return new ListLoader() {
            @Override
            public List<ListEntry> newest(long channelId, int limit) {
                return listed(articles.findFeedHead((int) channelId, Limit.of(limit)));
            }

            @Override
            public List<ListEntry> after(long channelId, ListEntry cursor, int limit) {
                return listed(articles.findFeedBefore((int) channelId, Instant.ofEpochMilli(cursor.score()),
                        cursor.id(), Limit.of(limit)));
            }

            @Override
            public List<Long> at(long channelId, int offset, int limit) {
                return articles.findFeedIds((int) channelId, OffsetPages.of(offset, limit));
            }

            @Override
            public long count(long channelId) {
                return articles.countByChannelIdAndStatus((int) channelId, ArticleStatus.PUBLISHED);
            }
        };
    }

    /** A user's published articles ({@code idx_articles_user}). */
    static ListLoader byAuthor(ArticleRepository articles) {
        return new ListLoader() {
            @Override
            public List<ListEntry> newest(long authorId, int limit) {
                return listed(articles.findAuthorHead(authorId, Limit.of(limit)));
            }

            @Override
            public List<ListEntry> after(long authorId, ListEntry cursor, int limit) {
                return listed(articles.findAuthorBefore(authorId, Instant.ofEpochMilli(cursor.score()), cursor.id(),
                        Limit.of(limit)));
            }

            @Override
            public List<Long> at(long authorId, int offset, int limit) {
                return articles.findPublishedIdsByAuthor(authorId, OffsetPages.of(offset, limit));
            }

            @Override
            public long count(long authorId) {
                return articles.countByAuthorIdAndStatus(authorId, ArticleStatus.PUBLISHED);
            }
        };
    }

    private static List<ListEntry> listed(List<FeedEntry> entries) {
        return entries.stream().map(FeedEntry::listed).toList();
    }
}
