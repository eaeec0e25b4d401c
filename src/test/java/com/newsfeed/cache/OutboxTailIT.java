package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.invalidation.Invalidation;
import com.newsfeed.cache.invalidation.InvalidationKind;
import com.newsfeed.cache.invalidation.JdbcInvalidationLog;

/**
 * The outbox's tail against transactions that commit out of order: a sequence number taken early and committed
 * late (a gap the tail asks for again), one that never commits (a gap it gives up after its timeout), and the
 * log's own queries, on H2 and, in the real-services build, on MariaDB (a database of this test's own).
 */
class OutboxTailIT {

    private static final Setup FULL = new Setup("L1 + L2 string", true, L2Layout.STRING, true);

    private CacheHarness harness;

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void rowCommittedAfterALaterOne_isStillApplied_once() throws Exception {
        harness = new CacheHarness(FULL);
        FakeItems items = new FakeItems().with(1, "v1").with(2, "v1");
        LayeredCache<Item> cache = harness.cache(items);
        cache.get(1);
        cache.get(2);
        JdbcInvalidationLog log = new JdbcInvalidationLog(harness.outboxDatabase, Clock.systemUTC());

        // A transaction on its own thread takes the first sequence number and holds its commit.
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        long[] early = new long[1];
        Thread slow = new Thread(() -> harness.inTransaction(() -> {
            early[0] = log.append("items", 1, InvalidationKind.EVICT, null);
            inserted.countDown();
            await(commit);
        }));
        slow.start();
        await(inserted);
        harness.inTransaction(() -> log.append("items", 2, InvalidationKind.EVICT, null));
        items.with(2, "v2");
        harness.poll();
        assertThat(cache.peekLocal(2)).as("the later row, committed first").isEmpty();
        assertThat(cache.peekLocal(1)).as("the early row is not visible yet").isPresent();
        assertThat(harness.tail.gaps()).isEqualTo(1);

        items.with(1, "v2");
        commit.countDown(); // the early row becomes visible now, behind one the tail has seen
        slow.join(5_000);
        harness.poll();

        assertThat(cache.peekLocal(1)).as("applied on the poll after its late commit").isEmpty();
        assertThat(harness.tail.gaps()).isZero();
        assertThat(cache.getValue(1).orElseThrow().name()).isEqualTo("v2");
        harness.poll();
        assertThat(cache.peekLocal(1)).as("applied once: the next poll leaves the new copy alone").isPresent();
        assertThat(early[0]).isLessThan(log.maxSeq());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rolledBackInsert_leavesAGapThatIsGivenUpAfterItsTimeout() {
        harness = new CacheHarness(FULL);
        harness.cache(new FakeItems());
        JdbcInvalidationLog log = new JdbcInvalidationLog(harness.outboxDatabase, Clock.systemUTC());
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(
                harness.outboxDatabase.getDataSource());
        TransactionStatus doomed = transactions.getTransaction(new DefaultTransactionDefinition());
        log.append("items", 3, InvalidationKind.EVICT, null);
        transactions.rollback(doomed);
        log.append("items", 4, InvalidationKind.EVICT, null);

        harness.poll();
        assertThat(harness.tail.gaps()).isEqualTo(1);
        harness.ticker.advance(Duration.ofSeconds(61));
        harness.poll();
        assertThat(harness.tail.gaps()).as("no transaction takes a minute between its insert and its commit")
                .isZero();
    }

    /** The queries themselves, on every database this build runs on (H2 always; MariaDB with real services). */
    @Test
    void logQueries_pendingMarkSincePurge_onEachDatabase() throws Exception {
        for (DataSource database : databases()) {
            JdbcTemplate jdbc = new JdbcTemplate(database);
            jdbc.update("DELETE FROM cache_invalidations");
            JdbcInvalidationLog log = new JdbcInvalidationLog(jdbc, Clock.systemUTC());
            long first = log.append("items", 10, InvalidationKind.EVICT, null);
            long second = log.append("items", 11, InvalidationKind.UPDATED, 7L);
            long third = log.append("items", 12, InvalidationKind.CREATED, null);
            log.markDelivered(List.of(first));

            List<Invalidation> pending = log.pending(second, Set.of(first), third, 100);
            assertThat(pending).extracting(Invalidation::seq).as("the gap, the undelivered, the new: once each")
                    .containsExactly(first, second, third);
            assertThat(pending.get(1)).isEqualTo(new Invalidation(second, "items", 11, InvalidationKind.UPDATED, 7L));
            assertThat(log.pending(third, Set.of(), second, 100)).extracting(Invalidation::seq)
                    .containsExactly(second);
            assertThat(log.since(Instant.now().minusSeconds(60), 100)).hasSize(3);
            assertThat(log.maxSeq()).isEqualTo(third);
            assertThat(log.purgeBefore(Instant.now().plusSeconds(60), 2)).as("at most the limit").isEqualTo(2);
            assertThat(log.purgeBefore(Instant.now().plusSeconds(60), 10)).isEqualTo(1);
        }
    }

    private static List<DataSource> databases() throws Exception {
        SimpleDriverDataSource h2 = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:outbox_queries;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        String url = System.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:mariadb:")) {
            return List.of(h2);
        }
        String server = url.substring(0, url.indexOf('/', "jdbc:mariadb://".length()));
        try (Connection connection = new org.mariadb.jdbc.Driver().connect(server + "/", properties());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS outbox_it");
        }
        SimpleDriverDataSource mariadb = new SimpleDriverDataSource(new org.mariadb.jdbc.Driver(),
                server + "/outbox_it", System.getProperty("spring.datasource.username", "root"),
                System.getProperty("spring.datasource.password", ""));
        Flyway.configure().dataSource(mariadb).locations("classpath:db/migration").load().migrate();
        return List.of(h2, mariadb);
    }

    private static java.util.Properties properties() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", System.getProperty("spring.datasource.username", "root"));
        properties.setProperty("password", System.getProperty("spring.datasource.password", ""));
        return properties;
    }
}
