package com.newsfeed.announcement;

import java.time.Instant;

/** A published announcement as served by {@code GET /api/announcements/{id}} (Toutiao's {@code announce:{id}}). */
public record AnnouncementView(long id, String title, String content, Instant pubdate) {

    static AnnouncementView of(Announcement announcement) {
        return new AnnouncementView(announcement.getId(), announcement.getTitle(), announcement.getContent(),
                announcement.getPubdate());
    }
}
