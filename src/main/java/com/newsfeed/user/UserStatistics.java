package com.newsfeed.user;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.store.CountGroup;
import com.newsfeed.store.Counter;
import com.newsfeed.store.CounterSource;
import com.newsfeed.store.Counters;
import com.newsfeed.store.SqlCounterSource;

/**
 * A user's four counters in the store, read together and copied in memory (see {@link CountGroup}), and spliced
 * into the cached profile's JSON; the follow counters' database source, for the daily fix.
 */
@Component
class UserStatistics {

    private static final byte[] COUNTS = ",\"counts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_COUNTS = "null".getBytes(StandardCharsets.US_ASCII);

    private final Counters counters;
    private final Counter followings;
    private final Counter followers;
    private final CountGroup counts;

    UserStatistics(Counters counters) {
        this.counters = counters;
        this.followings = counters.counter(UserCounters.FOLLOWINGS);
        this.followers = counters.counter(UserCounters.FOLLOWERS);
        this.counts = counters.group(counters.counter(UserCounters.ARTICLES), followers, followings,
                counters.counter(UserCounters.LIKED));
    }

    /** The profile's JSON with its counts last ({@code null} when the store failed), and the tag of both. */
    CachedValue<UserProfile> withCounts(CachedValue<UserProfile> profile) {
        Optional<UserCounts> found = counts.await(counts.get(profile.value().id())).map(UserCounts::of);
        byte[] countsJson = found.map(UserCounts::json).orElse(NULL_COUNTS);
        byte[] json = profile.json();
        byte[] spliced = new byte[json.length + COUNTS.length + countsJson.length];
        System.arraycopy(json, 0, spliced, 0, json.length - 1); // the profile's closing brace goes last
        System.arraycopy(COUNTS, 0, spliced, json.length - 1, COUNTS.length);
        System.arraycopy(countsJson, 0, spliced, json.length - 1 + COUNTS.length, countsJson.length);
        spliced[spliced.length - 1] = '}';
        return new CachedValue<>(profile.value(), spliced, profile.tag() + found.map(UserCounts::tag).orElse("-"),
                profile.stale());
    }

    /** A follow (+1) or unfollow (-1), once it commits: the follower's followings and the followed's followers. */
    void followed(long followerId, long targetId, int delta) {
        counters.addAfterCommit(followings, followerId, delta);
        counters.addAfterCommit(followers, targetId, delta);
    }

    @Bean
    static CounterSource userFollowingsSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, UserCounters.FOLLOWINGS, "users", "SELECT user_id, "
                + "COUNT(*) FROM user_follows WHERE user_id BETWEEN ? AND ? GROUP BY user_id");
    }

    @Bean
    static CounterSource userFollowersSource(JdbcTemplate jdbc) {
        return new SqlCounterSource(jdbc, UserCounters.FOLLOWERS, "users", "SELECT target_id, "
                + "COUNT(*) FROM user_follows WHERE target_id BETWEEN ? AND ? GROUP BY target_id");
    }
}
