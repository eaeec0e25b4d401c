package com.newsfeed.user;

/**
 * The event of a follow given or taken back ({@code user.followed}, {@code user.unfollowed}), published once the
 * change commits, for other services to bind queues to: the database holds the follows themselves.
 *
 * @param at when, in epoch milliseconds
 */
public record Follow(long followerId, long targetId, long at) {
}
