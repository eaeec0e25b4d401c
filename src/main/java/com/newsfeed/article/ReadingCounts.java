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
    /**
     * Articles per upsert statement. One multi-row statement, not a JDBC batch of one per article: under Zipf reads
     * most articles of a batch are read once in it, and the batch's thousand statements made the database the
     * busiest part of a read (about 0.8 statements per read in the benchmark).
     */
    private static final int UPSERT_ROWS = 500;

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
                }
            }
            // Every article of the batch, counted now or before: a batch delivered again after a crash between its
            // commit and the store's raise still raises the store.
            batch.forEach(delivery -> delivery.events().forEach(read ->
                    channels.put(read.articleId(), read.channelId())));
            upsert(added);
            return new Counted(totals(channels.keySet()), channels);
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
                upsert(new TreeMap<>(page));
                copied[0] += page.size();
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

    /** Adds the reads to each article's count (its row made at its first read), in id order, in few statements. */
    private void upsert(Map<Long, Long> added) {
        List<Map.Entry<Long, Long>> rows = new ArrayList<>(added.entrySet());
        for (int from = 0; from < rows.size(); from += UPSERT_ROWS) {
            List<Map.Entry<Long, Long>> chunk = rows.subList(from, Math.min(rows.size(), from + UPSERT_ROWS));
            Object[] arguments = new Object[chunk.size() * 2];
            for (int i = 0; i < chunk.size(); i++) {
                arguments[2 * i] = chunk.get(i).getKey();
                arguments[2 * i + 1] = chunk.get(i).getValue();
            }
            jdbc.update("INSERT INTO article_reads (article_id, read_count) VALUES "
                    + String.join(",", Collections.nCopies(chunk.size(), "(?, ?)"))
                    + " ON DUPLICATE KEY UPDATE read_count = read_count + VALUES(read_count)", arguments);
        }
    }

    private Map<Long, Long> totals(java.util.Set<Long> articles) {
        Map<Long, Long> totals = new HashMap<>();
        if (articles.isEmpty()) {
            return totals;
        }
        List<Long> ids = new ArrayList<>(articles);
        for (int from = 0; from < ids.size(); from += UPSERT_ROWS) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + UPSERT_ROWS));
            jdbc.query("SELECT article_id, read_count FROM article_reads WHERE article_id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", row -> {
                        totals.put(row.getLong(1), row.getLong(2));
                    }, chunk.toArray());
        }
        return totals;
    }
}
