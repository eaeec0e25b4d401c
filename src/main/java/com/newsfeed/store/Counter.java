package com.newsfeed.store;

/**
 * One metric of one kind of entity, as Toutiao keeps it: a sorted set whose members are entity ids and whose scores
 * are their counts (a missing member counts 0), which also ranks them.
 *
 * @param name the key without the store's prefix, e.g. {@code count:art:liking}
 * @param key  the full key
 */
public record Counter(String name, String key) {
}
