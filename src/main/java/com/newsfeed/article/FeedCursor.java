package com.newsfeed.article;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.newsfeed.cache.ListEntry;

/**
 * Where a feed page ends: the (pubdate, id) of its last article, written {@code <epochMillis>-<id>}. Keyset
 * paging on it stays stable while new articles arrive at the head, unlike page numbers. Clients treat it as opaque.
 */
record FeedCursor(Instant pubdate, long id) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})-(\\d{1,18})");

    static FeedCursor of(ListEntry entry) {
        return new FeedCursor(Instant.ofEpochMilli(entry.score()), entry.id());
    }

    ListEntry listed() {
        return new ListEntry(id, pubdate.toEpochMilli());
    }

    /** Empty when the text is not a cursor this service wrote. */
    static Optional<FeedCursor> parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new FeedCursor(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))),
                Long.parseLong(matcher.group(2))));
    }

    @Override
    public String toString() {
        return pubdate.toEpochMilli() + "-" + id;
    }
}
