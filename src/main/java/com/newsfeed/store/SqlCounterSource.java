package com.newsfeed.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A counter's source in SQL: the counted table (whose {@code id} the counter's members are), and a query of
 * {@code (id, count)} rows for the ids between its two parameters, a {@code GROUP BY} over an index whose first
 * column is the id.
 *
 * @param table a constant table name, never input
 */
public record SqlCounterSource(JdbcTemplate jdbc, String counter, String table, String countsQuery)
        implements CounterSource {

    @Override
    public long maxId() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM " + table, Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public Map<Long, Long> counts(long fromId, long toId) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query(countsQuery, row -> {
            counts.put(row.getLong(1), row.getLong(2));
        }, fromId, toId);
        return counts;
    }

    @Override
    public Set<Long> existing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return new HashSet<>(jdbc.queryForList("SELECT id FROM " + table + " WHERE id IN (" + marks + ")",
                Long.class, ids.toArray()));
    }
}
