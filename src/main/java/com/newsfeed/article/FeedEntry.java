package com.newsfeed.article;

import java.time.Instant;

import com.newsfeed.cache.ListEntry;

/** One position in a channel feed: enough to hydrate the article and to continue after it. */
record FeedEntry(long id, Instant pubdate) {

    /** As a cached list holds it: scored by its publish time in ms. */
    ListEntry listed() {
        return new ListEntry(id, pubdate.toEpochMilli());
    }
}
