package com.newsfeed.peers;

/**
 * The value every contender caches: one row of {@code peer_articles}. Its {@code version} grows with every write,
 * so a node serving an older version than the last write's is serving a stale value.
 */
public record Article(long id, long version, String body) implements java.io.Serializable {
}
