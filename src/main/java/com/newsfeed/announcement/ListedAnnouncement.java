package com.newsfeed.announcement;

import java.time.Instant;

import com.newsfeed.cache.ListEntry;

/** One position in the announcement list, read from the (status, pubdate, id) index alone. */
record ListedAnnouncement(long id, Instant pubdate) {

    ListEntry listed() {
        return new ListEntry(id, pubdate.toEpochMilli());
    }
}
