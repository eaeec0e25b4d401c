package com.newsfeed.article;

import java.time.Instant;

/** One position in a channel feed: enough to hydrate the article and to continue after it. */
record FeedEntry(long id, Instant pubdate) {
}
