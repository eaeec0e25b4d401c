package com.newsfeed.article;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.store.CounterSource;
import com.newsfeed.store.SqlCounterSource;
import com.newsfeed.user.UserCounters;

/**
 * What the daily fix recomputes the article counters from, and the two user counters articles change. Reads are
 * the totals the consumer of read events keeps in {@code article_reads}. Likes and collections count whatever the article's status, and so do an author's
 * likes (the likes of all their articles); an author's articles are the published ones.
 */
@Configuration(proxyBeanMethods = false)
class ArticleCounterSources {

    private static final String ARTICLES = "articles";
    private static final String USERS = "users";

    @Bean
    CounterSource articleReadsSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, ArticleStatistics.READING, ARTICLES, "SELECT article_id, read_count "
                + "FROM article_reads WHERE article_id BETWEEN ? AND ? AND read_count > 0");
    }

    @Bean
    CounterSource articleLikesSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, ArticleStatistics.LIKING, ARTICLES, "SELECT article_id, COUNT(*) "
                + "FROM article_likes WHERE article_id BETWEEN ? AND ? GROUP BY article_id");
    }

    @Bean
    CounterSource articleCollectionsSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, ArticleStatistics.COLLECTING, ARTICLES, "SELECT article_id, COUNT(*) "
                + "FROM article_collections WHERE article_id BETWEEN ? AND ? GROUP BY article_id");
    }

    @Bean
    CounterSource userArticlesSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, UserCounters.ARTICLES, USERS, "SELECT user_id, COUNT(*) FROM articles "
                + "WHERE user_id BETWEEN ? AND ? AND status = 'PUBLISHED' GROUP BY user_id");
    }

    @Bean
    CounterSource userLikedSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, UserCounters.LIKED, USERS, "SELECT a.user_id, COUNT(*) FROM articles a "
                + "JOIN article_likes l ON l.article_id = a.id WHERE a.user_id BETWEEN ? AND ? GROUP BY a.user_id");
    }
}
