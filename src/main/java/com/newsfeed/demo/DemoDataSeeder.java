package com.newsfeed.demo;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an empty database with deterministic demo data: users, articles with bodies, announcements. Rows are
 * written with plain JDBC batches (JPA would insert one row at a time with IDENTITY keys), with explicit ids so
 * the article bodies can reference their articles; the id counters are moved past them afterwards. It runs before
 * the service reports ready, and never against a database that already has users or articles.
 */
@Component
@Order(0) // before the bloom filters are built from the database
@ConditionalOnProperty(name = "newsfeed.demo.enabled", havingValue = "true")
class DemoDataSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataSeeder.class);
    /** Fixed, so the same seed gives the same pubdates whatever day it runs. */
    private static final Instant NEWEST = Instant.parse("2026-11-01T00:00:00Z");
    private static final int VISIBLE_CHANNELS = 11;
    private static final int DEMO_COVERS = 12;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DemoDataProperties properties;
    private final PasswordEncoder passwords;

    DemoDataSeeder(JdbcTemplate jdbc, TransactionTemplate transactions, DemoDataProperties properties,
            PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.passwords = passwords;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (hasData()) {
            log.info("Demo data skipped: the database already holds users or articles");
            return;
        }
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(properties.seed());
        TextGenerator text = new TextGenerator(random);
        insertUsers(random, text);
        insertArticles(random, text);
        insertAnnouncements(text);
        IdCounters.moveAfterMax(jdbc, "users", "articles", "announcements");
        log.info("Demo data loaded: {} users, {} articles, {} announcements in {} ms", properties.users(),
                properties.articles(), properties.announcements(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    boolean hasData() {
        Integer users = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT id FROM users LIMIT 1) u", Integer.class);
        Integer articles = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT id FROM articles LIMIT 1) a",
                Integer.class);
        return users + articles > 0;
    }

    /**
     * Demo user N logs in with mobile {@code 138} + N padded to 8 digits and the configured password (the default
     * run's is {@code newsfeed-demo}); user 1 is an admin. One hash serves every demo user (one salt for all: demo
     * data only), since bcrypt costs tens of milliseconds per hash. Without a password, no demo user can log in.
     */
    private void insertUsers(SplittableRandom random, TextGenerator text) {
        String[] genders = {"UNKNOWN", "MALE", "FEMALE"};
        String passwordHash = properties.accounts() ? passwords.encode(properties.password()) : null;
        String adminRole = properties.accounts() ? "ADMIN" : "USER";
        Timestamp created = Timestamp.from(NEWEST.minus(Duration.ofDays(400)));
        inBatches(properties.users(), (from, to) -> {
            List<Object[]> rows = new ArrayList<>(to - from);
            for (int id = from; id < to; id++) {
                boolean media = random.nextInt(10) == 0;
                rows.add(new Object[] {id, "reader" + id, String.format("138%08d", id), passwordHash,
                        id == 1 ? adminRole : "USER",
                        "https://img.example.com/avatars/" + (id % 500) + ".png", text.sentence(),
                        media ? "Verified publisher" : null, media, "ENABLED", genders[random.nextInt(3)],
                        LocalDate.of(1960 + random.nextInt(45), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                        created, created});
            }
            jdbc.batchUpdate("INSERT INTO users (id, name, mobile, password_hash, role, photo, intro, certification,"
                    + " is_media, status, gender, birthday, created_at, updated_at)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows);
        });
    }

    private void insertArticles(SplittableRandom random, TextGenerator text) {
        int users = properties.users();
        // Spread over the year before NEWEST, newest at the highest ids, as a real feed grows.
        long spanMillis = Duration.ofDays(365).toMillis();
        int total = properties.articles();
        inBatches(total, (from, to) -> {
            List<Object[]> articles = new ArrayList<>(to - from);
            List<Object[]> bodies = new ArrayList<>(to - from);
            for (int id = from; id < to; id++) {
                Instant pubdate = NEWEST.minusMillis(spanMillis * (total - id) / Math.max(total, 1)
                        + random.nextInt(60_000));
                int roll = random.nextInt(100);
                String status = roll < 2 ? "DRAFT" : roll < 3 ? "DELETED" : "PUBLISHED";
                Timestamp at = Timestamp.from(pubdate);
                articles.add(new Object[] {id, 1 + random.nextInt(users), 1 + random.nextInt(VISIBLE_CHANNELS),
                        text.title(), covers(random, id, properties.coversUrl()), status, random.nextInt(10) != 0,
                        "DRAFT".equals(status) ? null : at, at, at});
                bodies.add(new Object[] {id, text.body()});
            }
            jdbc.batchUpdate("INSERT INTO articles (id, user_id, channel_id, title, cover_images, status,"
                    + " allow_comment, pubdate, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", articles);
            jdbc.batchUpdate("INSERT INTO article_contents (article_id, content) VALUES (?,?)", bodies);
        });
    }

    private void insertAnnouncements(TextGenerator text) {
        List<Object[]> rows = new ArrayList<>();
        for (int id = 1; id <= properties.announcements(); id++) {
            Timestamp at = Timestamp.from(NEWEST.minus(Duration.ofDays(3L * (properties.announcements() - id))));
            rows.add(new Object[] {id, text.title(), text.sentence() + "\n\n" + text.sentence(), "PUBLISHED", at,
                    at, at});
        }
        transactions.executeWithoutResult(status -> jdbc.batchUpdate("INSERT INTO announcements (id, title,"
                + " content, status, pubdate, created_at, updated_at) VALUES (?,?,?,?,?,?,?)", rows));
    }

    private static String covers(SplittableRandom random, int id, URI base) {
        int count = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 3 -> 3;
            default -> 1;
        };
        List<String> urls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            urls.add(base.resolve((1 + (id * 3 + i) % DEMO_COVERS) + ".svg").toString());
        }
        return count == 0 ? null : String.join(" ", urls);
    }

    /** Calls {@code batch} with [from, to) id ranges from 1 to count, each in its own transaction. */
    private void inBatches(int count, IdRangeWriter batch) {
        for (int from = 1; from <= count; from += properties.batchSize()) {
            int start = from;
            int end = Math.min(count + 1, from + properties.batchSize());
            transactions.executeWithoutResult(status -> batch.write(start, end));
        }
    }

    @FunctionalInterface
    private interface IdRangeWriter {
        void write(int from, int to);
    }
}
