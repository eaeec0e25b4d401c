package com.newsfeed.article;

import org.springframework.stereotype.Component;

import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.ListEntry;

/** The two lists an article is on while published, its channel's feed and its author's articles, and their changes. */
@Component
class ArticleListings {

    private final ListCache channelFeeds;
    private final ListCache authorArticles;
    private final ArticleStatistics statistics;

    ArticleListings(ListCache channelFeeds, ListCache authorArticles, ArticleStatistics statistics) {
        this.channelFeeds = channelFeeds;
        this.authorArticles = authorArticles;
        this.statistics = statistics;
    }

    ListCache.CursorPage feedPage(int channelId, ListEntry cursor, int size) {
        return channelFeeds.after(channelId, cursor, size);
    }

    /** A numbered page (from 1) of the author's published articles. */
    ListCache.NumberedPage authorPage(long authorId, int page, int size) {
        return authorArticles.at(authorId, (page - 1) * size, size);
    }

    /**
     * The lists an article's write changes, in place after the commit. Recorded only after the article's row is
     * written: its row lock then orders the outbox sequences of two writes of one article as their commits, which
     * is what lets a list refuse an older change that arrives late. The row was read without a lock, so the
     * {@code @Version} check of that write is what keeps {@code wasPublished} and {@code oldChannel} current: a
     * write that read before another committed fails instead of recording changes from a stale state.
     */
    void relisted(Article article, boolean wasPublished, int oldChannel) {
        boolean isPublished = article.isPublished();
        if (wasPublished && !isPublished) {
            unlisted(article.getId(), oldChannel, article.getAuthorId());
        } else if (!wasPublished && isPublished) {
            listed(article);
        } else if (isPublished && oldChannel != article.getChannelId()) {
            channelFeeds.removeAfterCommit(oldChannel, article.getId());
            channelFeeds.addAfterCommit(article.getChannelId(), entry(article));
        }
    }

    /** Published: on both lists, and one more of its author's articles. */
    void listed(Article article) {
        channelFeeds.addAfterCommit(article.getChannelId(), entry(article));
        authorArticles.addAfterCommit(article.getAuthorId(), entry(article));
        statistics.publishedChanged(article.getAuthorId(), 1);
    }

    void unlisted(long id, int channelId, long authorId) {
        channelFeeds.removeAfterCommit(channelId, id);
        authorArticles.removeAfterCommit(authorId, id);
        statistics.publishedChanged(authorId, -1);
    }

    private static ListEntry entry(Article article) {
        return new ListEntry(article.getId(), article.getPubdate().toEpochMilli());
    }
}
