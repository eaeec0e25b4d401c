package com.newsfeed.user;

/**
 * The names of a user's counters in the store (Toutiao's), shared with the articles, whose writes change two of
 * them: how many articles a user has published, and how many likes those have.
 */
public final class UserCounters {

    public static final String ARTICLES = "count:user:arts";
    public static final String FOLLOWINGS = "count:user:followings";
    public static final String FOLLOWERS = "count:user:followers";
    public static final String LIKED = "count:user:liked";

    private UserCounters() {
    }
}
