package com.newsfeed.store;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A counter's source as two SQL queries: the highest id, and {@code (id, count)} rows of the ids between two bounds
 * (its two parameters), a {@code GROUP BY} over an index whose first column is the id.
 */
public record SqlCounterSource(JdbcTemplate jdbc, String counter, String maxIdQuery, String countsQuery)
        implements CounterSource {

    @Override
    public long maxId() {
        Long max = jdbc.queryForObject(maxIdQuery, Long.class);
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
}
