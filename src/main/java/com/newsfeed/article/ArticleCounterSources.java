package com.newsfeed.article;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.store.CounterSource;
import com.newsfeed.store.SqlCounterSource;
import com.newsfeed.user.UserCounters;

/**
 * What the daily fix recomputes the article counters from, and the two user counters articles change. Reads have
 * no source: the store is theirs. An article's likes and collections count whatever its status; a user's articles
 * and likes count only the published ones (as the writes change them).
 */
@Configuration(proxyBeanMethods = false)
class ArticleCounterSources {

    private static final String MAX_ARTICLE = "SELECT MAX(id) FROM articles";
    private static final String MAX_USER = "SELECT MAX(id) FROM users";

    @Bean
    CounterSource articleLikesSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, ArticleStatistics.LIKING, MAX_ARTICLE, "SELECT article_id, COUNT(*) "
                + "FROM article_likes WHERE article_id BETWEEN ? AND ? GROUP BY article_id");
    }

    @Bean
    CounterSource articleCollectionsSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, ArticleStatistics.COLLECTING, MAX_ARTICLE, "SELECT article_id, COUNT(*) "
                + "FROM article_collections WHERE article_id BETWEEN ? AND ? GROUP BY article_id");
    }

    @Bean
    CounterSource userArticlesSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, UserCounters.ARTICLES, MAX_USER, "SELECT user_id, COUNT(*) FROM articles "
                + "WHERE user_id BETWEEN ? AND ? AND status = 'PUBLISHED' GROUP BY user_id");
    }

    @Bean
    CounterSource userLikedSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, UserCounters.LIKED, MAX_USER, "SELECT a.user_id, COUNT(*) FROM articles a "
                + "JOIN article_likes l ON l.article_id = a.id WHERE a.user_id BETWEEN ? AND ? "
                + "AND a.status = 'PUBLISHED' GROUP BY a.user_id");
    }
}
