package com.newsfeed.announcement;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A notice from the editors to every reader. */
@Entity
@Table(name = "announcements")
public class Announcement {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;
    private String content;

    @Enumerated(EnumType.STRING)
    private AnnouncementStatus status;

    private Instant pubdate;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Announcement() {
    }

    Announcement(String title, String content, Instant now) {
        this.title = title;
        this.content = content;
        this.status = AnnouncementStatus.DRAFT;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public String getContent() {
        return content;
    }

    public AnnouncementStatus getStatus() {
        return status;
    }

    public boolean isPublished() {
        return status == AnnouncementStatus.PUBLISHED;
    }

    public Instant getPubdate() {
        return pubdate;
    }

    void setTitle(String title) {
        this.title = title;
    }

    void setContent(String content) {
        this.content = content;
    }

    /** Publishing stamps the first pubdate; later status changes keep it. */
    void changeStatus(AnnouncementStatus status, Instant now) {
        if (status == AnnouncementStatus.PUBLISHED && pubdate == null) {
            pubdate = now;
        }
        this.status = status;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
