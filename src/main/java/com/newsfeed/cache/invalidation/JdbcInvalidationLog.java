package com.newsfeed.cache.invalidation;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The outbox as the {@code cache_invalidations} table (Flyway V3), through plain JDBC: the insert joins the
 * transaction of the write that calls it (Spring binds that transaction's connection for JdbcTemplate), so the
 * row commits or rolls back with the write. Sequence numbers are taken at insert but become visible at commit,
 * possibly out of order; the tail deals with that (see {@link OutboxTail}).
 */
public final class JdbcInvalidationLog implements InvalidationLog {

    private static final String COLUMNS = "seq, cache_name, entity_id, kind, row_version";
    private static final RowMapper<Invalidation> ROW = (rs, n) -> new Invalidation(rs.getLong(1), rs.getString(2),
            rs.getLong(3), InvalidationKind.named(rs.getString(4)), rs.getObject(5, Long.class));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcInvalidationLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public long append(String cache, long id, InvalidationKind kind, Long rowVersion) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO cache_invalidations (cache_name,"
                    + " entity_id, kind, row_version, created_at, delivered) VALUES (?, ?, ?, ?, ?, FALSE)",
                    Statement.RETURN_GENERATED_KEYS);
            insert.setString(1, cache);
            insert.setLong(2, id);
            insert.setString(3, kind.name());
            insert.setObject(4, rowVersion);
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            return insert;
        }, key);
        return key.getKeyList().get(0).values().stream().map(value -> ((Number) value).longValue()).findFirst()
                .orElseThrow();
    }

    /**
     * One statement of index-only parts (the primary key range, the (delivered, seq) index, primary key lookups),
     * joined by UNION ALL rather than OR so that neither database falls back to a scan.
     */
    @Override
    public List<Invalidation> pending(long seq, Collection<Long> gaps, long undeliveredCeiling,
            Collection<String> caches, int limit) {
        StringBuilder sql = new StringBuilder("(SELECT " + COLUMNS + " FROM cache_invalidations WHERE seq > ?"
                + " ORDER BY seq LIMIT ?)");
        List<Object> arguments = new ArrayList<>(List.of(seq, limit));
        if (!caches.isEmpty()) {
            sql.append(" UNION ALL (SELECT " + COLUMNS + " FROM cache_invalidations WHERE delivered = FALSE AND"
                    + " seq <= ? AND cache_name IN (" + String.join(",", Collections.nCopies(caches.size(), "?"))
                    + ") ORDER BY seq LIMIT ?)");
            arguments.add(undeliveredCeiling);
            arguments.addAll(caches);
            arguments.add(limit);
        }
        if (!gaps.isEmpty()) {
            sql.append(" UNION ALL (SELECT " + COLUMNS + " FROM cache_invalidations WHERE seq IN ("
                    + inList(gaps) + "))");
        }
        List<Invalidation> rows = jdbc.query(sql.toString(), ROW, arguments.toArray());
        Map<Long, Invalidation> once = new TreeMap<>();
        rows.forEach(row -> once.putIfAbsent(row.seq(), row));
        return List.copyOf(once.values());
    }

    @Override
    public List<Invalidation> since(Instant time, int limit) {
        // A UNION of two index ranges, not an OR: MySQL and MariaDB would answer an OR of two columns with a scan.
        return jdbc.query("SELECT * FROM ((SELECT " + COLUMNS + " FROM cache_invalidations WHERE created_at >= ?"
                + " ORDER BY seq LIMIT ?) UNION (SELECT " + COLUMNS + " FROM cache_invalidations"
                + " WHERE delivered_at >= ? ORDER BY seq LIMIT ?)) recent ORDER BY seq LIMIT ?", ROW,
                Timestamp.from(time), limit, Timestamp.from(time), limit, limit);
    }

    @Override
    public void markDelivered(Collection<Long> seqs) {
        if (!seqs.isEmpty()) {
            jdbc.update("UPDATE cache_invalidations SET delivered = TRUE, delivered_at = ? WHERE seq IN ("
                    + inList(seqs) + ")", Timestamp.from(clock.instant()));
        }
    }

    @Override
    public Map<Long, Boolean> delivery(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return Map.of();
        }
        Map<Long, Boolean> states = new TreeMap<>();
        jdbc.query("SELECT seq, delivered FROM cache_invalidations WHERE seq IN ("
                + inList(seqs) + ")",
                rs -> {
                    states.put(rs.getLong(1), rs.getBoolean(2));
                });
        return states;
    }

    @Override
    public int reopenSince(Instant time) {
        // Two updates, each on its own index: one over an OR would scan, and lock, every row (every write's insert
        // would wait); the second leaves the rows the first took.
        Timestamp from = Timestamp.from(time);
        int created = jdbc.update("UPDATE cache_invalidations SET delivered = FALSE WHERE created_at >= ?", from);
        return created + jdbc.update("UPDATE cache_invalidations SET delivered = FALSE WHERE delivered_at >= ?"
                + " AND created_at < ?", from, from);
    }

    @Override
    public long maxSeq() {
        Long max = jdbc.queryForObject("SELECT MAX(seq) FROM cache_invalidations", Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public int purgeBefore(Instant deliveredCutoff, Instant anyCutoff, int limit) {
        return jdbc.update("DELETE FROM cache_invalidations WHERE created_at < ? AND (delivered = TRUE OR"
                + " created_at < ?) LIMIT ?", Timestamp.from(deliveredCutoff), Timestamp.from(anyCutoff), limit);
    }

    @Override
    public boolean recording() {
        return true;
    }

    /** Sequence numbers (longs, never client input) written into an IN list. */
    private static String inList(Collection<Long> seqs) {
        return seqs.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
