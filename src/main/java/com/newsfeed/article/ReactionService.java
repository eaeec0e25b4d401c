package com.newsfeed.article;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.events.EventStream;
import com.newsfeed.security.Caller;
import com.newsfeed.system.ResourceNotFoundException;

/**
 * Likes and collections. The database holds them, one row per reader and article, so each action is idempotent by
 * the primary key: liking twice inserts once ({@code INSERT IGNORE}), and only an insert or a delete that changed
 * a row changes the counters, after the commit.
 */
@Service
public class ReactionService {

    private final ArticleRepository articles;
    private final ArticleStatistics statistics;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventStream events;
    private final Clock clock;

    ReactionService(ArticleRepository articles, ArticleStatistics statistics, JdbcTemplate jdbc,
            TransactionTemplate transactions, EventStream events, Clock clock) {
        this.articles = articles;
        this.statistics = statistics;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** Adds ({@code on}) or takes back the caller's reaction to a published article; its state after. */
    public ReaderActions react(long articleId, Reaction reaction, boolean on, Caller caller) {
        transactions.executeWithoutResult(status -> {
            Article article = articles.findById(articleId).filter(Article::isPublished)
                    .orElseThrow(() -> new ResourceNotFoundException("article", articleId));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            int changed = on
                    ? jdbc.update("INSERT IGNORE INTO " + reaction.table
                            + " (article_id, user_id, created_at) VALUES (?, ?, ?)", articleId, caller.userId(),
                            Timestamp.from(now))
                    : jdbc.update("DELETE FROM " + reaction.table + " WHERE article_id = ? AND user_id = ?",
                            articleId, caller.userId());
            if (changed == 1) {
                int delta = on ? 1 : -1;
                if (reaction == Reaction.LIKE) {
                    statistics.liked(articleId, article.getAuthorId(), delta);
                } else {
                    statistics.collected(articleId, delta);
                }
                events.publishAfterCommit(on ? reaction.given : reaction.takenBack,
                        new ArticleReaction(articleId, caller.userId(), now.toEpochMilli()));
            }
        });
        return state(articleId, caller.userId());
    }

    /** Whether the caller likes and collects the article, with its counts (404 unless it is published). */
    public ReaderActions actionsOf(long articleId, Caller caller) {
        if (articles.findPublishedInfo(articleId).isEmpty()) {
            throw new ResourceNotFoundException("article", articleId);
        }
        return state(articleId, caller.userId());
    }

    private ReaderActions state(long articleId, long userId) {
        var counts = statistics.countsOf(articleId);
        boolean[] done = jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM article_likes WHERE article_id = ? AND "
                + "user_id = ?), (SELECT COUNT(*) FROM article_collections WHERE article_id = ? AND user_id = ?)",
                (row, n) -> new boolean[] {row.getLong(1) > 0, row.getLong(2) > 0}, articleId, userId, articleId,
                userId);
        return new ReaderActions(articleId, done[0], done[1], statistics.await(counts).orElse(null));
    }
}
