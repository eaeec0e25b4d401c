package com.newsfeed.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListLoader;

/**
 * The two follow lists, as Toutiao caches them: whom a user follows ({@code user:{id}:following}) and who follows a
 * user ({@code user:{id}:fans}), user ids scored by follow time, each query from one index of {@code user_follows}.
 */
@Configuration(proxyBeanMethods = false)
class FollowLists {

    @Bean
    ListCache userFollowings(CacheFactory caches, JdbcTemplate jdbc) {
        return caches.list("user-followings", "user:{id}:following", loader(jdbc, "user_id", "target_id"));
    }

    @Bean
    ListCache userFollowers(CacheFactory caches, JdbcTemplate jdbc) {
        return caches.list("user-followers", "user:{id}:fans", loader(jdbc, "target_id", "user_id"));
    }

    /** The list of {@code owner}'s rows, listing their {@code member} column (names are constants, never input). */
    private static ListLoader loader(JdbcTemplate jdbc, String owner, String member) {
        String from = " FROM user_follows WHERE " + owner + " = ?";
        String newestFirst = " ORDER BY created_at DESC, " + member + " DESC LIMIT ?";
        RowMapper<ListEntry> entry = (row, n) -> new ListEntry(row.getLong(1), row.getTimestamp(2).getTime());
        return new ListLoader() {
            @Override
            public List<ListEntry> newest(long listId, int limit) {
                return jdbc.query("SELECT " + member + ", created_at" + from + newestFirst, entry, listId, limit);
            }

            @Override
            public List<ListEntry> after(long listId, ListEntry cursor, int limit) {
                Timestamp at = Timestamp.from(Instant.ofEpochMilli(cursor.score()));
                return jdbc.query("SELECT " + member + ", created_at" + from + " AND (created_at < ? OR "
                        + "(created_at = ? AND " + member + " < ?))" + newestFirst, entry, listId, at, at,
                        cursor.id(), limit);
            }

            @Override
            public List<Long> at(long listId, int offset, int limit) {
                return jdbc.queryForList("SELECT " + member + from + " ORDER BY created_at DESC, " + member
                        + " DESC LIMIT ? OFFSET ?", Long.class, listId, limit, offset);
            }

            @Override
            public long count(long listId) {
                Long count = jdbc.queryForObject("SELECT COUNT(*)" + from, Long.class, listId);
                return count == null ? 0 : count;
            }
        };
    }
}
