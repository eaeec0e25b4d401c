package com.newsfeed.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ids of the messages a consumer has handled, in the database ({@code event_receipts}), written in the same
 * transaction as what the consumer did with them: a message delivered again (its consumer died between the commit
 * and the ack) or sent twice (its confirm was lost) finds its receipt and is skipped, so it never counts twice.
 * A receipt is kept for {@code receipts.retention}, far longer than a message can stay unacknowledged.
 */
public final class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);
    private static final int PRUNE_BATCH = 10_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;
    private final MeterRegistry meters;

    Receipts(JdbcTemplate jdbc, Clock clock, Duration retention, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.meters = meters;
    }

    /**
     * In the caller's transaction: the deliveries this consumer never handled before, their receipts now written
     * (one query for those already there, one insert for the rest). Should another transaction write one of the
     * same receipts meanwhile (a redelivery handled while the first delivery's transaction still ran), this fails
     * with a passing {@link ConcurrencyFailureException}: the batch is taken again, and the receipt then found.
     */
    public <E> List<Delivery<E>> firstTimes(String consumer, List<Delivery<E>> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
        List<Object> ids = new ArrayList<>(batch.size() + 1);
        ids.add(consumer);
        batch.forEach(delivery -> ids.add(delivery.messageId()));
        Set<String> handled = new HashSet<>(jdbc.queryForList("SELECT message_id FROM event_receipts "
                + "WHERE consumer = ? AND message_id IN (" + marks + ")", String.class, ids.toArray()));
        // In id order, so that two consumers' transactions lock their receipts in the same order. A message id
        // twice in one batch (sent twice, both copies delivered together) is one receipt, handled once.
        Map<String, Delivery<E>> fresh = new TreeMap<>();
        batch.stream().filter(delivery -> !handled.contains(delivery.messageId()))
                .forEach(delivery -> fresh.putIfAbsent(delivery.messageId(), delivery));
        int skipped = batch.size() - fresh.size();
        if (skipped > 0) {
            Counter.builder("newsfeed.events.duplicates").tag("consumer", consumer)
                    .description("Messages a consumer had handled before (delivered again, or sent twice), skipped")
                    .register(meters).increment(skipped);
            log.debug("Consumer {}: {} of {} messages handled before, skipped", consumer, skipped, batch.size());
        }
        if (fresh.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Object> rows = new ArrayList<>(fresh.size() * 3);
        fresh.keySet().forEach(id -> {
            rows.add(consumer);
            rows.add(id);
            rows.add(now);
        });
        try {
            jdbc.update("INSERT INTO event_receipts (consumer, message_id, received_at) VALUES "
                    + String.join(",", Collections.nCopies(fresh.size(), "(?, ?, ?)")), rows.toArray());
        } catch (DuplicateKeyException e) {
            throw new ConcurrencyFailureException("a receipt of this batch was written meanwhile", e);
        }
        return List.copyOf(fresh.values());
    }

    /** Deletes the receipts past their retention, a bounded batch per statement. */
    public void prune() {
        Timestamp before = Timestamp.from(clock.instant().minus(retention));
        int deleted;
        do {
            deleted = jdbc.update("DELETE FROM event_receipts WHERE received_at < ? LIMIT " + PRUNE_BATCH, before);
        } while (deleted == PRUNE_BATCH);
    }
}
