package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    private static final Set<String> ITEMS = Set.of("items");

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
        harness.poll(); // nobody confirmed it: this tail delivers it to Redis and marks it delivered
        assertThat(harness.outboxDatabase.queryForObject("SELECT delivered FROM cache_invalidations WHERE seq = ?",
                Boolean.class, early[0])).isTrue();
        assertThat(cache.getValue(1).orElseThrow().name()).isEqualTo("v2");
        harness.poll();
        assertThat(cache.peekLocal(1)).as("applied once: a later poll leaves the new copy alone").isPresent();
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

    /**
     * A poll that checked a row unconfirmed, then held its key just after the writer's confirmation had released
     * nothing: the hold must not outlive the confirmation (the key would never be read from L2 again here).
     */
    @Test
    void holdThatLandsAfterItsConfirmation_isReleasedAtOnce() {
        harness = new CacheHarness(FULL);
        LayeredCache<Item> cache = harness.cache(new FakeItems().with(8, "v1"));
        Invalidation change = new Invalidation(1_234, "items", 8, InvalidationKind.EVICT, null);

        harness.tail.confirmed(change.seq()); // the writer's message, handled on the bus's thread ...
        harness.tail.hold(cache.levels(), change); // ... just before the poll's hold

        assertThat(cache.undelivered()).isZero();
        cache.get(8);
        cache.evictLocal(8);
        cache.get(8);
        assertThat(harness.gets("l2", "hit")).as("the key is read from L2 again").isEqualTo(1);
    }

    /**
     * A held key whose change another instance delivered is released without a second delete; one whose row
     * is gone (purged, or deleted by hand) is delivered from what the hold remembers: no hold outlives its row.
     */
    @Test
    void heldKeys_areReleasedWhenDeliveredElsewhere_andDeliveredWhenTheirRowIsGone() {
        harness = new CacheHarness(FULL);
        LayeredCache<Item> cache = harness.cache(new FakeItems().with(1, "v1").with(2, "v1"));
        cache.getAll(List.of(1L, 2L)); // both in L2
        JdbcInvalidationLog log = new JdbcInvalidationLog(harness.outboxDatabase, Clock.systemUTC());
        long deliveredElsewhere = log.append("items", 1, InvalidationKind.EVICT, null); // committed on its own
        long purged = log.append("items", 2, InvalidationKind.EVICT, null);
        harness.poll(); // unseen rows: both keys held, nothing deleted yet (their writer's message may be slow)
        assertThat(cache.undelivered()).isEqualTo(2);
        assertThat(harness.redis.hasKey(harness.key(1))).isTrue();

        log.markDelivered(List.of(deliveredElsewhere));
        harness.outboxDatabase.update("DELETE FROM cache_invalidations WHERE seq = ?", purged);
        harness.poll();

        assertThat(cache.undelivered()).isZero();
        assertThat(harness.redis.hasKey(harness.key(1))).as("delivered by another: not deleted again").isTrue();
        assertThat(harness.redis.hasKey(harness.key(2))).as("its row gone: delivered from the hold").isFalse();
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
    void logQueries_pendingMarkDeliveryReopenPurge_onEachDatabase() throws Exception {
        for (DataSource database : databases()) {
            JdbcTemplate jdbc = new JdbcTemplate(database);
            jdbc.update("DELETE FROM cache_invalidations");
            JdbcInvalidationLog log = new JdbcInvalidationLog(jdbc, Clock.systemUTC());
            long first = log.append("items", 10, InvalidationKind.EVICT, null);
            long second = log.append("items", 11, InvalidationKind.UPDATED, 7L);
            long third = log.append("items", 12, InvalidationKind.CREATED, null);
            long otherRelease = log.append("a-cache-of-another-release", 1, InvalidationKind.EVICT, null);
            log.markDelivered(List.of(first));

            List<Invalidation> pending = log.pending(second, Set.of(first), third, ITEMS, 100);
            assertThat(pending).extracting(Invalidation::seq).as("the gap, the undelivered, the new: once each")
                    .containsExactly(first, second, third, otherRelease);
            assertThat(pending.get(1)).isEqualTo(new Invalidation(second, "items", 11, InvalidationKind.UPDATED, 7L));
            assertThat(log.pending(third, Set.of(), second, ITEMS, 100)).extracting(Invalidation::seq)
                    .as("new rows of every cache; undelivered ones only of this release's caches")
                    .containsExactly(second, otherRelease);
            assertThat(log.pending(otherRelease, Set.of(), otherRelease, ITEMS, 100)).extracting(Invalidation::seq)
                    .containsExactly(second, third);
            assertThat(log.since(Instant.now().minusSeconds(60), 100)).hasSize(4);
            assertThat(log.maxSeq()).isEqualTo(otherRelease);
            jdbc.update("DELETE FROM cache_invalidations WHERE seq = ?", otherRelease);
            assertThat(log.delivery(List.of(first, second, -1L))).as("rows that exist, and whether delivered")
                    .isEqualTo(Map.of(first, true, second, false));
            Instant later = Instant.now().plusSeconds(60);
            assertThat(log.purgeBefore(later, Instant.now().minusSeconds(60), 10)).as("only the delivered one")
                    .isEqualTo(1);
            log.markDelivered(List.of(second));
            assertThat(log.reopenSince(Instant.now().minusSeconds(60))).isEqualTo(2);
            assertThat(log.pending(third, Set.of(), third, ITEMS, 100)).extracting(Invalidation::seq)
                    .containsExactly(second, third);
            assertThat(log.purgeBefore(later, later, 1)).as("at most the limit").isEqualTo(1);
            assertThat(log.purgeBefore(later, later, 10)).as("undelivered rows, past the second cutoff")
                    .isEqualTo(1);

            // Created an hour ago, delivered just now (its key's master was down): a failover since may have lost it.
            jdbc.update("INSERT INTO cache_invalidations (cache_name, entity_id, kind, created_at, delivered)"
                    + " VALUES ('items', 20, 'EVICT', ?, FALSE)",
                    java.sql.Timestamp.from(Instant.now().minusSeconds(3_600)));
            long late = log.maxSeq();
            assertThat(log.since(Instant.now().minusSeconds(60), 100)).as("created long ago, not delivered").isEmpty();
            log.markDelivered(List.of(late));
            assertThat(log.since(Instant.now().minusSeconds(60), 100)).extracting(Invalidation::seq)
                    .as("delivered just now").containsExactly(late);
            assertThat(log.reopenSince(Instant.now().minusSeconds(60))).isEqualTo(1);
            assertThat(log.delivery(List.of(late))).isEqualTo(Map.of(late, false));
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
