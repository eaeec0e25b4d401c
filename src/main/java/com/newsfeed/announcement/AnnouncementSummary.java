package com.newsfeed.announcement;

import java.time.Instant;

/** An announcement in the list: title and date, as Toutiao's {@code announce} zset member holds them. */
public record AnnouncementSummary(long id, String title, Instant pubdate) {

    static AnnouncementSummary of(AnnouncementView view) {
        return new AnnouncementSummary(view.id(), view.title(), view.pubdate());
    }
}
