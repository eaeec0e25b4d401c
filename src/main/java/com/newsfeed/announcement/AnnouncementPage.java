package com.newsfeed.announcement;

import java.util.List;

/** One page (from 1) of published announcements, newest first. */
public record AnnouncementPage(List<AnnouncementSummary> items, int page, int size, long total) {
}
