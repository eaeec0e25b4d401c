package com.newsfeed.store;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** How the database counts one counter: what the daily fix rewrites the counter's sorted set from. */
public interface CounterSource {

    /** The counter's name, e.g. {@code count:art:liking}. */
    String counter();

    /** The highest id the counter may hold a member for (the counted table's highest id). */
    long maxId();

    /** The counts of the ids in {@code [fromId, toId]} that count more than zero: one query. */
    Map<Long, Long> counts(long fromId, long toId);

    /** Those of these ids that the counted table holds (a member of none is a stray): one query. */
    Set<Long> existing(Collection<Long> ids);
}
