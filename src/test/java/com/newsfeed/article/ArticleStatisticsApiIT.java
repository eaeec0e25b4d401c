package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.store.CounterFix;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.MovableClock;
import com.newsfeed.support.TestData;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;

/**
 * Reads counted (through the reader events' queues, into the database, then the store), reading histories, hot
 * rankings, and the daily fix that makes every counter the database's.
 */
@ApiTest
@Import(MovableClock.Configuration.class)
class ArticleStatisticsApiIT {

    private static final int TECH = 2;
    private static final int SPORTS = 4;
    private static final Duration CONSUMED = Duration.ofSeconds(20);
    private static final List<String> COUNTERS_WITH_A_SOURCE = List.of("count:art:reading", "count:art:liking",
            "count:art:collecting",
            "count:user:arts", "count:user:followings", "count:user:followers", "count:user:liked");

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    MovableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CounterFix counterFix;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @Autowired
    com.newsfeed.events.Receipts receipts;

    @Autowired
    ArticleStatistics statistics;

    long author;

    @BeforeEach
    void setUp() {
        data.clear();
        author = data.createUser(client, "Author");
    }

    @Test
    void reads_areCountedInTheDatabase_andTheStoresCounterAndChannelRankingFollowIt() {
        long article = data.createArticle(client, author, TECH, "Read me");
        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        }
        client.get().uri("/api/articles/{id}", 987_654_321L).exchange().expectStatus().isNotFound();
        assertThat(readCount(article)).as("nothing consumed while the consumers are stopped").isZero();

        data.consumeEvents();

        await().atMost(CONSUMED).until(() -> readCount(article) == 3);
        await().atMost(CONSUMED).until(() -> data.score(ArticleStatistics.READING, article) == 3);
        assertThat(data.score(ArticleStatistics.channelReadingName(TECH), article)).isEqualTo(3);
        assertThat(data.score(ArticleStatistics.channelReadingName(SPORTS), article)).isZero();
        client.get().uri("/api/articles/{id}", article).exchange().expectBody()
                .jsonPath("$.counts.reads").isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT article_id FROM article_reads", Long.class))
                .as("an unknown id counts nothing").containsExactly(article);
        await().atMost(CONSUMED).until(() -> readCount(article) == 4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM event_receipts WHERE consumer = ?", Long.class,
                ReadingCounts.QUEUE)).as("one receipt per message").isBetween(1L, 4L);
    }

    @Test
    void readsTheStoreAloneCounted_areCopiedIntoTheDatabaseOnce_beforeAnyReadIsCounted() {
        long article = data.createArticle(client, author, TECH, "Read before this version");
        long other = data.createArticle(client, author, TECH, "Read since");
        // As the version before left it: reads counted in the store alone.
        data.store().await(data.store().commands().zadd(data.store().key(ArticleStatistics.READING), 40,
                Long.toString(article)));
        jdbc.update("UPDATE counter_seeds SET seeded_at = NULL WHERE counter = ?", ArticleStatistics.READING);
        // Two instances' consumers, each with its first batch: one copies, the other finds it done.
        ReadingCounts first = new ReadingCounts(jdbc, transactions, receipts, statistics, clock);
        ReadingCounts second = new ReadingCounts(jdbc, transactions, receipts, statistics, clock);

        first.handle(List.of(delivery(new ArticleRead(article, TECH, null, 1))));
        second.handle(List.of(delivery(new ArticleRead(article, TECH, null, 2), new ArticleRead(other, TECH,
                null, 3))));

        assertThat(readCount(article)).as("40 before, 2 since").isEqualTo(42);
        assertThat(readCount(other)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT seeded_at FROM counter_seeds WHERE counter = ?",
                java.sql.Timestamp.class, ArticleStatistics.READING)).isNotNull();
        assertThat(data.score(ArticleStatistics.READING, article)).isEqualTo(42);
        assertThat(data.score(ArticleStatistics.READING, other)).isEqualTo(1);
    }

    private static com.newsfeed.events.Delivery<ArticleRead> delivery(ArticleRead... reads) {
        return new com.newsfeed.events.Delivery<>(java.util.UUID.randomUUID().toString(), List.of(reads),
                new org.springframework.amqp.core.Message(new byte[0]));
    }

    @Test
    void history_keepsTheNewest100_newestFirst_andOnlyForLoggedInReaders() {
        long reader = data.insertUser("Reader");
        List<Long> read = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            long article = data.createArticle(client, author, TECH, "Article " + i);
            clock.advance(Duration.ofMillis(1));
            data.as(client, reader).get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
            client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk(); // anonymous
            read.add(article);
        }
        data.consumeEvents();
        String key = data.store().key("user:" + reader + ":his:reading");
        // The batch's ZADD and its trim are two commands: the newest entry may show before the trim has run.
        await().atMost(CONSUMED).until(() -> data.store().await(data.store().commands().zrevrange(key, 0, 0))
                .equals(List.of(Long.toString(read.get(104))))
                && data.store().await(data.store().commands().zcard(key)) == 100);
        assertThat(data.store().await(data.store().commands().zcard(key))).isEqualTo(100);
        assertThat(data.store().await(data.store().commands().keys(data.store().key("user:*:his:reading"))))
                .containsExactly(key);

        List<Long> newestFirst = new ArrayList<>(read.subList(5, 105));
        Collections.reverse(newestFirst);
        List<Long> shown = new ArrayList<>();
        for (int page = 1; page <= 2; page++) {
            HistoryPage found = data.as(client, reader).get().uri("/api/user/histories?page={p}&size=50", page)
                    .exchange().expectStatus().isOk().expectBody(HistoryPage.class).returnResult().getResponseBody();
            assertThat(found.total()).isEqualTo(100);
            found.items().forEach(item -> shown.add(item.article().id()));
        }
        assertThat(shown).isEqualTo(newestFirst);
        data.as(client, reader).get().uri("/api/user/histories?page=3&size=50").exchange().expectBody()
                .jsonPath("$.items.length()").isEqualTo(0);
        client.get().uri("/api/user/histories").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void hot_isTheReadingCountersOrder_overallAndPerChannel() {
        List<Long> tech = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tech.add(data.createArticle(client, author, TECH, "Tech " + i));
        }
        long sports = data.createArticle(client, author, SPORTS, "Sports");
        readTimes(tech.get(0), 1);
        readTimes(tech.get(1), 5);
        readTimes(tech.get(2), 2);
        readTimes(sports, 3);
        data.consumeEvents();
        await().atMost(CONSUMED).until(() -> data.score(ArticleStatistics.READING, tech.get(0)) == 1
                && data.score(ArticleStatistics.READING, tech.get(1)) == 5
                && data.score(ArticleStatistics.READING, tech.get(2)) == 2
                && data.score(ArticleStatistics.READING, sports) == 3);

        assertThat(hot("/api/articles/hot?size=3")).containsExactly(tech.get(1), sports, tech.get(2));
        assertThat(hot("/api/articles/hot?channelId=" + TECH)).containsExactly(tech.get(1), tech.get(2),
                tech.get(0));
        List<String> counter = data.store().await(data.store().commands().zrevrange(
                data.store().key(ArticleStatistics.READING), 0, -1));
        assertThat(hot("/api/articles/hot")).map(String::valueOf).isEqualTo(counter);
        client.get().uri("/api/articles/hot?size=101").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/articles/hot?channelId=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theFix_makesEveryCounterWithASourceEqualTheDatabase_andOnlyAdminsMayAskForIt() {
        long reader = data.insertUser("Reader");
        long other = data.insertUser("Other");
        long first = data.createArticle(client, author, TECH, "First");
        long second = data.createArticle(client, author, SPORTS, "Second");
        data.as(client, reader).post().uri("/api/articles/{id}/likes", first).exchange().expectStatus().isOk();
        data.as(client, other).post().uri("/api/articles/{id}/likes", first).exchange().expectStatus().isOk();
        data.as(client, other).post().uri("/api/articles/{id}/collections", second).exchange().expectStatus().isOk();
        data.as(client, reader).post().uri("/api/user/followings/{id}", author).exchange().expectStatus().isNoContent();
        data.as(client, other).post().uri("/api/user/followings/{id}", reader).exchange().expectStatus().isNoContent();
        // Wrong in every way a lost or doubled change leaves a counter: too high, too low, missing, a stray member.
        for (String counter : COUNTERS_WITH_A_SOURCE) {
            String key = data.store().key(counter);
            data.store().await(data.store().commands().del(key));
            data.store().await(data.store().commands().zadd(key, 41, Long.toString(author)));
            data.store().await(data.store().commands().zadd(key, 7, Long.toString(first)));
            data.store().await(data.store().commands().zadd(key, 3, Long.toString(other)));
        }
        readTimes(first, 2);
        data.consumeEvents();
        await().atMost(CONSUMED).until(() -> readCount(first) == 2);
        for (String counter : COUNTERS_WITH_A_SOURCE) { // the consumer's totals went in: wrong them again
            data.store().await(data.store().commands().zadd(data.store().key(counter), 7, Long.toString(first)));
        }

        data.as(client, reader).post().uri("/api/admin/store/counter-fix").exchange().expectStatus().isForbidden();
        data.asAdmin(client).post().uri("/api/admin/store/counter-fix").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ran").isEqualTo(true).jsonPath("$.counters").isEqualTo(7);

        assertThat(stored("count:art:reading")).as("from article_reads").isEqualTo(Map.of(first, 2L));
        assertThat(stored("count:art:liking")).isEqualTo(Map.of(first, 2L));
        assertThat(stored("count:art:collecting")).isEqualTo(Map.of(second, 1L));
        assertThat(stored("count:user:arts")).isEqualTo(Map.of(author, 2L));
        assertThat(stored("count:user:liked")).isEqualTo(Map.of(author, 2L));
        assertThat(stored("count:user:followings")).isEqualTo(Map.of(reader, 1L, other, 1L));
        assertThat(stored("count:user:followers")).isEqualTo(Map.of(author, 1L, reader, 1L));
        assertThat(stored("count:user:followers")).isEqualTo(fromDatabase(
                "SELECT target_id, COUNT(*) FROM user_follows GROUP BY target_id"));
        assertThat(stored("count:art:liking")).isEqualTo(fromDatabase(
                "SELECT article_id, COUNT(*) FROM article_likes GROUP BY article_id"));
        assertThat(stored("count:art:reading")).isEqualTo(fromDatabase(
                "SELECT article_id, read_count FROM article_reads"));
        client.get().uri("/api/users/{id}", author).exchange().expectBody()
                .jsonPath("$.counts.articles").isEqualTo(2)
                .jsonPath("$.counts.likes").isEqualTo(2)
                .jsonPath("$.counts.followers").isEqualTo(1)
                .jsonPath("$.counts.followings").isEqualTo(0);
    }

    @Test
    void atStartUp_theFixRunsOnlyIfTheStoreHoldsNoRecordOfARun() {
        long reader = data.insertUser("Reader");
        long article = data.createArticle(client, author, TECH, "Liked, then the store lost it");
        data.as(client, reader).post().uri("/api/articles/{id}/likes", article).exchange().expectStatus().isOk();
        // The store emptied (setUp's clear took the record of the last run too), then this counter lost as well.
        data.store().await(data.store().commands().del(data.store().key(ArticleStatistics.LIKING)));

        assertThat(counterFix.runIfNeverRan().ran()).isTrue();
        assertThat(data.score(ArticleStatistics.LIKING, article)).isEqualTo(1);
        data.store().await(data.store().commands().del(data.store().key(ArticleStatistics.LIKING)));
        assertThat(counterFix.runIfNeverRan().ran()).as("a run is on record now").isFalse();
        assertThat(data.score(ArticleStatistics.LIKING, article)).isZero();
    }

    @Test
    void countsOfManyArticlesReadAtOnce_areEachTheirOwn_andAreReadInBatches() throws Exception {
        int articles = 200;
        for (long id = 1; id <= articles; id++) {
            for (int c = 0; c < 3; c++) {
                String counter = List.of(ArticleStatistics.READING, ArticleStatistics.LIKING,
                        ArticleStatistics.COLLECTING).get(c);
                data.store().await(data.store().commands().zadd(data.store().key(counter), (c + 1) * id,
                        Long.toString(id)));
            }
        }
        long before = zmscoreCalls();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<long[]>> reads = new ArrayList<>();
            for (long id = 1; id <= articles; id++) {
                long asked = id;
                reads.add(pool.submit(() -> statistics.countsOf(asked).get(10, TimeUnit.SECONDS)));
            }
            for (int i = 0; i < articles; i++) {
                long id = i + 1;
                assertThat(reads.get(i).get()).as("article " + id).containsExactly(id, 2 * id, 3 * id);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(zmscoreCalls() - before).as("one ZMSCORE per counter per batch, fewer than one per read")
                .isPositive().isLessThan(3L * articles);
    }

    /**
     * How many ZMSCORE commands the store's server has run (its command statistics); on a cluster, all its masters
     * together (a plain INFO would ask one node, maybe not the one holding the counters).
     */
    private long zmscoreCalls() {
        var commands = data.store().commands();
        List<String> stats = new ArrayList<>();
        if (commands instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster) {
            cluster.upstream().commands().info("commandstats").forEach(node -> stats.add(data.store().await(node)));
        } else {
            stats.add(data.store().await(commands.info("commandstats")));
        }
        return stats.stream().mapToLong(ArticleStatisticsApiIT::zmscoreCallsIn).sum();
    }

    private static long zmscoreCallsIn(String stats) {
        for (String line : stats.split("\\R")) {
            if (line.startsWith("cmdstat_zmscore:")) {
                return Long.parseLong(line.replaceFirst("^cmdstat_zmscore:calls=(\\d+).*$", "$1"));
            }
        }
        return 0;
    }

    /** The article's reads the database holds: what the consumer of read events counted. */
    private long readCount(long article) {
        List<Long> found = jdbc.queryForList("SELECT read_count FROM article_reads WHERE article_id = ?", Long.class,
                article);
        return found.isEmpty() ? 0 : found.get(0);
    }

    private void readTimes(long article, int times) {
        for (int i = 0; i < times; i++) {
            client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        }
    }

    private List<Long> hot(String uri) {
        return List.of(client.get().uri(uri).exchange().expectStatus().isOk().expectBody(ArticleInfo[].class)
                .returnResult().getResponseBody()).stream().map(ArticleInfo::id).toList();
    }

    private Map<Long, Long> stored(String counter) {
        Map<Long, Long> members = new HashMap<>();
        for (ScoredValue<String> scored : data.store().await(data.store().commands()
                .zrangeWithScores(data.store().key(counter), 0, -1))) {
            members.put(Long.parseLong(scored.getValue()), Math.round(scored.getScore()));
        }
        return members;
    }

    private Map<Long, Long> fromDatabase(String query) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query(query, row -> {
            counts.put(row.getLong(1), row.getLong(2));
        });
        return counts;
    }
}
