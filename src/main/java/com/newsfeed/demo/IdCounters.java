package com.newsfeed.demo;

import java.sql.DatabaseMetaData;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves AUTO_INCREMENT counters past explicitly inserted ids. MySQL and MariaDB do that by themselves; H2 keeps
 * its identity sequence where it was, so the next insert through JPA would collide with a seeded id.
 */
final class IdCounters {

    private IdCounters() {
    }

    static void moveAfterMax(JdbcTemplate jdbc, String... tables) {
        String product = jdbc.execute((java.sql.Connection connection) -> {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName();
        });
        if (!"H2".equalsIgnoreCase(product)) {
            return;
        }
        for (String table : tables) {
            Long max = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM " + table, Long.class);
            jdbc.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (max + 1));
        }
    }
}
