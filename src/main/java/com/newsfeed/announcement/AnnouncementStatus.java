package com.newsfeed.announcement;

/** Only published announcements are readable and listed; deleted is a soft delete. */
public enum AnnouncementStatus {
    DRAFT, PUBLISHED, DELETED
}
