package com.newsfeed.article;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.events.Delivery;
import com.newsfeed.events.EventHandler;
import com.newsfeed.events.Receipts;
import com.newsfeed.store.StoreUnavailableException;

/**
 * The consumer of read events that keeps the reading counts: a batch summed per article and added to
 * {@code article_reads} in one transaction with the messages' receipts, so a batch delivered again counts nothing
 * twice; then the store's reading counters are raised to the database's totals. The database is their source now
 * (the daily fix rebuilds {@code count:art:reading} from it), and a lost store loses no read.
 * <p>
 * Before its first batch, the fleet's first consumer copies the store's counter into the database once (a row of
 * {@code counter_seeds}, locked and marked in the same transaction): the reads counted before this version, when
 * the store alone held them. Until then no consumer counts a read, so none is counted twice.
 */
final class ReadingCounts implements EventHandler<ArticleRead> {

    static final String QUEUE = "reading-counts";
    private static final Logger log = LoggerFactory.getLogger(ReadingCounts.class);
    /** Adds to an article's count (its row made at its first read). */
    private static final String UPSERT = "INSERT INTO article_reads (article_id, read_count) VALUES (?, ?) "
            + "ON DUPLICATE KEY UPDATE read_count = read_count + VALUES(read_count)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Receipts receipts;
    private final ArticleStatistics statistics;
    private final Clock clock;
    /** Set once the seed is known done: the seed's row is looked at (and locked) no more. */
    private volatile boolean seeded;

    ReadingCounts(JdbcTemplate jdbc, TransactionTemplate transactions, Receipts receipts,
            ArticleStatistics statistics, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.receipts = receipts;
        this.statistics = statistics;
    }

    /** What a batch counted: each article's total after it, and its channel (for the channel's ranking). */
    private record Counted(Map<Long, Long> totals, Map<Long, Integer> channels) {
    }

    @Override
    public void handle(List<Delivery<ArticleRead>> batch) {
        Counted counted = transactions.execute(status -> {
            if (!seeded) {
                seedOnce();
            }
            // Articles in id order: two consumers' upserts lock the rows in the same order, and do not deadlock.
            Map<Long, Long> added = new TreeMap<>();
            Map<Long, Integer> channels = new HashMap<>();
            for (Delivery<ArticleRead> delivery : receipts.firstTimes(QUEUE, batch)) {
                for (ArticleRead read : delivery.events()) {
                    added.merge(read.articleId(), 1L, Long::sum);
                    channels.put(read.articleId(), read.channelId());
                }
            }
            if (added.isEmpty()) {
                return new Counted(Map.of(), Map.of());
            }
            List<Object[]> rows = new ArrayList<>(added.size());
            added.forEach((article, reads) -> rows.add(new Object[] {article, reads}));
            jdbc.batchUpdate(UPSERT, rows);
            return new Counted(totals(added.keySet()), channels);
        });
        seeded = true;
        statistics.readsCounted(counted.totals(), counted.channels());
    }

    @Override
    public boolean passing(RuntimeException failure) {
        return failure instanceof StoreUnavailableException; // the seed's copy needs the store
    }

    /**
     * In the batch's transaction: the seed's row locked (another instance's first batch waits for it); if not done,
     * the store's counter added to {@code article_reads}, then the row marked. A store that refuses the counter's key
     * (another type) holds no counts to copy: the seed is marked done without any.
     */
    private void seedOnce() {
        List<Timestamp> done = jdbc.queryForList("SELECT seeded_at FROM counter_seeds WHERE counter = ? FOR UPDATE",
                Timestamp.class, ArticleStatistics.READING);
        if (done.isEmpty() || done.get(0) != null) {
            return;
        }
        long[] copied = {0};
        try {
            statistics.readingCountsInTheStore(page -> {
                List<Object[]> rows = new ArrayList<>(page.size());
                new TreeMap<>(page).forEach((article, reads) -> rows.add(new Object[] {article, reads}));
                jdbc.batchUpdate(UPSERT, rows);
                copied[0] += rows.size();
            });
        } catch (StoreUnavailableException e) {
            if (!e.refused()) {
                throw e;
            }
            log.error("The store's reading counter could not be read ({}): no earlier reads copied", e.getMessage());
        }
        jdbc.update("UPDATE counter_seeds SET seeded_at = ? WHERE counter = ?", Timestamp.from(clock.instant()),
                ArticleStatistics.READING);
        log.info("Reading counts of {} articles copied from the store into the database", copied[0]);
    }

    private Map<Long, Long> totals(java.util.Set<Long> articles) {
        Map<Long, Long> totals = new HashMap<>();
        String marks = String.join(",", Collections.nCopies(articles.size(), "?"));
        jdbc.query("SELECT article_id, read_count FROM article_reads WHERE article_id IN (" + marks + ")",
                row -> {
                    totals.put(row.getLong(1), row.getLong(2));
                }, articles.toArray());
        return totals;
    }
}
