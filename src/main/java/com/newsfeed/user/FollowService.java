package com.newsfeed.user;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.events.EventStream;
import com.newsfeed.security.Caller;
import com.newsfeed.system.InvalidFieldException;
import com.newsfeed.system.ResourceNotFoundException;

/**
 * Follows. The database holds them, one row per follower and followed user, so following twice inserts once; only
 * a row that changed changes the two lists (in place after the commit, recorded in the outbox like every list
 * change) and the two counters.
 */
@Service
public class FollowService {

    /** The routing keys of follows' events. */
    static final String FOLLOWED = "user.followed";
    static final String UNFOLLOWED = "user.unfollowed";

    private final UserRepository users;
    private final LayeredCache<UserProfile> profiles;
    private final ListCache followings;
    private final ListCache followers;
    private final UserStatistics statistics;
    private final JdbcTemplate jdbc;
    private final EventStream events;
    private final Clock clock;

    FollowService(UserRepository users, LayeredCache<UserProfile> profiles, ListCache userFollowings,
            ListCache userFollowers, UserStatistics statistics, JdbcTemplate jdbc, EventStream events,
            Clock clock) {
        this.users = users;
        this.profiles = profiles;
        this.followings = userFollowings;
        this.followers = userFollowers;
        this.statistics = statistics;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** The caller follows an enabled user (not themselves); already following changes nothing. */
    @Transactional
    public void follow(Caller caller, long targetId) {
        if (targetId == caller.userId()) {
            throw new InvalidFieldException("userId", "must be another user than the caller");
        }
        if (users.findById(targetId).filter(User::isEnabled).isEmpty()) {
            throw new ResourceNotFoundException("user", targetId);
        }
        long now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        int inserted = jdbc.update("INSERT IGNORE INTO user_follows (user_id, target_id, created_at) VALUES (?, ?, ?)",
                caller.userId(), targetId, new Timestamp(now));
        if (inserted == 1) {
            followings.addAfterCommit(caller.userId(), new ListEntry(targetId, now));
            followers.addAfterCommit(targetId, new ListEntry(caller.userId(), now));
            statistics.followed(caller.userId(), targetId, 1);
            events.publishAfterCommit(FOLLOWED, new Follow(caller.userId(), targetId, now));
        }
    }

    /** The caller no longer follows the user; not following changes nothing. */
    @Transactional
    public void unfollow(Caller caller, long targetId) {
        int deleted = jdbc.update("DELETE FROM user_follows WHERE user_id = ? AND target_id = ?", caller.userId(),
                targetId);
        if (deleted == 1) {
            followings.removeAfterCommit(caller.userId(), targetId);
            followers.removeAfterCommit(targetId, caller.userId());
            statistics.followed(caller.userId(), targetId, -1);
            events.publishAfterCommit(UNFOLLOWED, new Follow(caller.userId(), targetId,
                    clock.instant().toEpochMilli()));
        }
    }

    /** A page (from 1) of whom an enabled user follows, newest first. */
    public UserPage followings(long userId, int page, int size) {
        return page(followings, userId, page, size);
    }

    /** A page (from 1) of who follows an enabled user, newest first. */
    public UserPage followers(long userId, int page, int size) {
        return page(followers, userId, page, size);
    }

    private UserPage page(ListCache list, long userId, int page, int size) {
        if (profiles.get(userId).isEmpty()) {
            throw new ResourceNotFoundException("user", userId);
        }
        ListCache.NumberedPage found = list.at(userId, (page - 1) * size, size);
        return new UserPage(profiles.getAllValues(found.ids()), page, size, found.total());
    }
}
