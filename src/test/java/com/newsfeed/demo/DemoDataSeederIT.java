package com.newsfeed.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.support.TestData;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "newsfeed.demo.enabled=false")
class DemoDataSeederIT {

    private static final java.net.URI COVERS = java.net.URI.create("http://localhost:8080/covers/");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void clear() {
        TestData.deleteRows(jdbc);
    }

    @Test
    void seedsTheConfiguredSizeWithRealisticBodies() {
        seeder(500).run(new DefaultApplicationArguments());

        assertThat(count("articles")).isEqualTo(500);
        assertThat(count("article_contents")).isEqualTo(500);
        assertThat(count("users")).isEqualTo(25);
        assertThat(count("announcements")).isEqualTo(40);
        Map<String, Object> lengths = jdbc.queryForMap(
                "SELECT MIN(CHAR_LENGTH(content)) AS shortest, MAX(CHAR_LENGTH(content)) AS longest"
                        + " FROM article_contents");
        assertThat(((Number) lengths.get("shortest")).intValue()).isGreaterThanOrEqualTo(1_024);
        assertThat(((Number) lengths.get("longest")).intValue()).isLessThanOrEqualTo(4_096);
        assertThat(count("articles WHERE status = 'PUBLISHED'")).isGreaterThan(450);
        // Every cover is one of the pictures the service serves itself (nothing the demo shows comes from outside).
        List<String> covers = jdbc.queryForList("SELECT cover_images FROM articles WHERE cover_images IS NOT NULL",
                String.class).stream().flatMap(urls -> java.util.Arrays.stream(urls.split(" "))).toList();
        assertThat(covers).hasSizeGreaterThan(250).allSatisfy(url -> {
            assertThat(url).startsWith(COVERS.toString()).endsWith(".svg");
            assertThat(getClass().getResource("/static/covers/" + url.substring(COVERS.toString().length())))
                    .as("a cover the service serves: %s", url).isNotNull();
        });
    }

    @Test
    void demoUsersLogInWithTheConfiguredPassword_userOneAnAdmin_andWithoutOneNobodyCan() {
        seeder(100).run(new DefaultApplicationArguments());
        String hash = jdbc.queryForObject("SELECT password_hash FROM users WHERE id = 1", String.class);
        assertThat(passwords.matches("demo-password", hash)).isTrue();
        assertThat(jdbc.queryForObject("SELECT mobile FROM users WHERE id = 1", String.class)).isEqualTo("13800000001");
        assertThat(count("users WHERE role = 'ADMIN'")).isEqualTo(1);
        assertThat(count("users WHERE id = 1 AND role = 'ADMIN'")).isEqualTo(1);
        clear();

        new DemoDataSeeder(jdbc, transactions, new DemoDataProperties(true, 100, 7L, 64, "", COVERS), passwords)
                .run(new DefaultApplicationArguments());

        assertThat(count("users")).isEqualTo(20);
        assertThat(count("users WHERE password_hash IS NULL AND role = 'USER'")).isEqualTo(20);
    }

    @Test
    void sameSeedGivesTheSameData() {
        seeder(200).run(new DefaultApplicationArguments());
        List<Map<String, Object>> first = snapshot();
        clear();

        seeder(200).run(new DefaultApplicationArguments());

        assertThat(snapshot()).isEqualTo(first);
    }

    @Test
    void neverSeedsADatabaseThatHasData() {
        seeder(50).run(new DefaultApplicationArguments());

        seeder(300).run(new DefaultApplicationArguments());

        assertThat(count("articles")).isEqualTo(50);
    }

    @Test
    void apiInsertsAfterSeedingGetFreshIds() {
        seeder(30).run(new DefaultApplicationArguments());

        jdbc.update("INSERT INTO users (name, mobile, status, gender, created_at, updated_at)"
                + " VALUES ('late', '555000111', 'ENABLED', 'UNKNOWN', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");

        assertThat(jdbc.queryForObject("SELECT id FROM users WHERE name = 'late'", Long.class)).isGreaterThan(20L);
    }

    private DemoDataSeeder seeder(int articles) {
        return new DemoDataSeeder(jdbc, transactions, new DemoDataProperties(true, articles, 7L, 64,
                "demo-password", COVERS), passwords);
    }

    private long count(String tableAndCondition) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + tableAndCondition, Long.class);
    }

    private List<Map<String, Object>> snapshot() {
        return jdbc.queryForList("SELECT a.id, a.user_id, a.channel_id, a.title, a.status, a.pubdate, c.content"
                + " FROM articles a JOIN article_contents c ON c.article_id = a.id ORDER BY a.id");
    }
}
