package com.newsfeed.cache;

import java.time.Instant;
import java.util.List;

/** A cached value with the kinds of fields the entities have: text, numbers, a list, a date, an enum, a null. */
record Item(long id, String name, int score, List<String> tags, Instant at, Kind kind, String note) {

    enum Kind { PLAIN, FEATURED }

    static Item of(long id, String name) {
        return new Item(id, name, (int) id * 10, List.of("a", "b"), Instant.parse("2026-11-01T08:00:00.123Z"),
                Kind.FEATURED, null);
    }
}
