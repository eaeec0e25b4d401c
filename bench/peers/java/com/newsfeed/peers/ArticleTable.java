package com.newsfeed.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The source of truth all contenders read through: {@code peer_articles} in the benchmark's MariaDB database, 100k
 * rows with bodies of 1 to 4 KB (a fixed seed, so every run caches the same bytes). Each node's loads are counted
 * by its {@link LoadCounter}.
 */
final class ArticleTable {

    static final int ROWS = 100_000;

    private final JdbcTemplate jdbc;

    ArticleTable(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Creates and fills the table unless it already holds every row. */
    void ensureSeeded() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS peer_articles (id BIGINT PRIMARY KEY, version BIGINT NOT NULL,"
                + " body MEDIUMTEXT NOT NULL)");
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM peer_articles", Long.class);
        if (rows != null && rows == ROWS) {
            return;
        }
        jdbc.execute("TRUNCATE TABLE peer_articles");
        SplittableRandom random = new SplittableRandom(2026);
        List<Object[]> batch = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            batch.add(new Object[] {id, 1L, body(random, 1024 + random.nextInt(3 * 1024))});
            if (batch.size() == 1_000) {
                jdbc.batchUpdate("INSERT INTO peer_articles (id, version, body) VALUES (?, ?, ?)", batch);
                batch.clear();
            }
        }
    }

    private static String body(SplittableRandom random, int length) {
        StringBuilder body = new StringBuilder(length);
        while (body.length() < length) {
            body.append((char) ('a' + random.nextInt(26)));
            if (random.nextInt(7) == 0) {
                body.append(' ');
            }
        }
        return body.substring(0, length);
    }

    Optional<Article> load(long id) {
        return jdbc.query("SELECT id, version, body FROM peer_articles WHERE id = ?", (row, n) -> new Article(
                row.getLong(1), row.getLong(2), row.getString(3)), id).stream().findFirst();
    }

    /** Writes a new version of the row and returns it (the caller invalidates through its contender's API). */
    Article update(long id) {
        jdbc.update("UPDATE peer_articles SET version = version + 1 WHERE id = ?", id);
        return jdbc.queryForObject("SELECT id, version, body FROM peer_articles WHERE id = ?", (row, n) ->
                new Article(row.getLong(1), row.getLong(2), row.getString(3)), id);
    }
}
