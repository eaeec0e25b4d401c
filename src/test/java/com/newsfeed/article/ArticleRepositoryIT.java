package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.support.TestData;

/**
 * The list queries on the configured database: H2 locally, the real MySQL-protocol server in the real-services
 * build. Each test runs in a transaction that is rolled back.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class ArticleRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00.123Z");

    @Autowired
    ArticleRepository articles;

    @Autowired
    ArticleContentRepository contents;

    @Autowired
    JdbcTemplate jdbc;

    long author;

    @BeforeEach
    void setUp() {
        TestData.deleteRows(jdbc);
        jdbc.update("INSERT INTO users (name, mobile, status, gender, created_at, updated_at)"
                + " VALUES ('a', '100200300', 'ENABLED', 'UNKNOWN', ?, ?)", T0, T0);
        author = jdbc.queryForObject("SELECT id FROM users", Long.class);
    }

    @Test
    void feed_ordersByPubdateThenIdAndContinuesAfterTheCursor() {
        long a = published(2, T0);
        long b = published(2, T0); // same instant: the id breaks the tie
        long c = published(2, T0.plusMillis(1));
        long otherChannel = published(3, T0.plusSeconds(5));
        long draft = save(new Article(author, 2, "draft", T0));

        List<FeedEntry> head = articles.findFeedHead(2, Limit.of(10));
        assertThat(head).extracting(FeedEntry::id).containsExactly(c, b, a).doesNotContain(otherChannel, draft);
        assertThat(head.get(0).pubdate()).isEqualTo(T0.plusMillis(1));

        List<FeedEntry> after = articles.findFeedBefore(2, T0, b, Limit.of(10));
        assertThat(after).extracting(FeedEntry::id).containsExactly(a);
    }

    @Test
    void byAuthor_returnsPublishedIdsNewestFirstAndCountsThem() {
        long older = published(2, T0);
        long newer = published(5, T0.plusSeconds(1));
        save(new Article(author, 2, "draft", T0));

        assertThat(articles.findPublishedIdsByAuthor(author, PageRequest.of(0, 10))).containsExactly(newer, older);
        assertThat(articles.findPublishedIdsByAuthor(author, PageRequest.of(1, 1))).containsExactly(older);
        assertThat(articles.countByAuthorIdAndStatus(author, ArticleStatus.PUBLISHED)).isEqualTo(2);
    }

    @Test
    void coverImagesAndBody_roundTrip() {
        Article article = new Article(author, 2, "covers", T0);
        article.setCoverImages(List.of("https://img.test/1.jpg", "https://img.test/2.jpg"));
        long id = save(article);
        String body = "第一段 — unicode survives.\n\n" + "x".repeat(70_000);
        contents.saveAndFlush(new ArticleContent(id, body));

        assertThat(articles.findById(id).orElseThrow().getCoverImages())
                .containsExactly("https://img.test/1.jpg", "https://img.test/2.jpg");
        assertThat(contents.findById(id).orElseThrow().getContent()).isEqualTo(body);
    }

    @Test
    void feedQuery_isAnsweredFromTheFeedIndex() {
        published(2, T0);
        String plan = jdbc.queryForList("EXPLAIN SELECT id, pubdate FROM articles WHERE channel_id = 2"
                + " AND status = 'PUBLISHED' ORDER BY pubdate DESC, id DESC LIMIT 21").stream()
                .flatMap(row -> row.values().stream()).map(String::valueOf).collect(Collectors.joining(" "));
        assertThat(plan).containsIgnoringCase("idx_articles_channel_feed");
    }

    private long published(int channel, Instant pubdate) {
        Article article = new Article(author, channel, "t", pubdate);
        article.changeStatus(ArticleStatus.PUBLISHED, pubdate);
        return save(article);
    }

    private long save(Article article) {
        return articles.saveAndFlush(article).getId();
    }
}
