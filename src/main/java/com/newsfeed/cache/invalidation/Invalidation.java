package com.newsfeed.cache.invalidation;

/**
 * One row of the invalidation outbox: what a committed write changed.
 *
 * @param seq        the outbox sequence number (0: not recorded, for a cache without an outbox)
 * @param rowVersion the entity's row version after the write, for {@link InvalidationKind#UPDATED}; else null
 */
public record Invalidation(long seq, String cache, long id, InvalidationKind kind, Long rowVersion) {
}
