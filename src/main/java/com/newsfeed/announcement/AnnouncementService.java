package com.newsfeed.announcement;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.system.ResourceNotFoundException;

/** Announcements: the one place one is read by id, the paged list, and the writes. */
@Service
public class AnnouncementService {

    /** The one announcement list's id (its key, {@code announce}, has none). */
    private static final long LIST = 0;

    private final AnnouncementRepository announcements;
    private final LayeredCache<AnnouncementView> cache;
    private final ListCache list;
    private final Clock clock;

    AnnouncementService(AnnouncementRepository announcements, LayeredCache<AnnouncementView> cache,
            ListCache announcementList, Clock clock) {
        this.announcements = announcements;
        this.cache = cache;
        this.list = announcementList;
        this.clock = clock;
    }

    /** A published announcement with its JSON; 404 for an unknown, draft or deleted one. */
    public CachedValue<AnnouncementView> get(long id) {
        return cache.get(id).orElseThrow(() -> new ResourceNotFoundException("announcement", id));
    }

    /** Ids from the cached list ({@code announce}), hydrated in one batch through the cache. */
    public AnnouncementPage list(int page, int size) {
        ListCache.NumberedPage found = list.at(LIST, (page - 1) * size, size);
        List<AnnouncementSummary> items = cache.getAllValues(found.ids()).stream().map(AnnouncementSummary::of)
                .toList();
        return new AnnouncementPage(items, page, size, found.total());
    }

    @Transactional
    public AnnouncementView create(CreateAnnouncementRequest request) {
        Instant now = now();
        Announcement announcement = new Announcement(request.title().strip(), request.content(), now);
        if (!Boolean.TRUE.equals(request.draft())) {
            announcement.changeStatus(AnnouncementStatus.PUBLISHED, now);
        }
        announcement = announcements.saveAndFlush(announcement);
        cache.created(announcement.getId());
        if (announcement.isPublished()) {
            list.addAfterCommit(LIST, entry(announcement));
        }
        return AnnouncementView.of(announcement);
    }

    @Transactional
    public AnnouncementView update(long id, UpdateAnnouncementRequest request) {
        Announcement announcement = editable(id);
        boolean wasPublished = announcement.isPublished();
        if (request.title() != null) {
            announcement.setTitle(request.title().strip());
        }
        if (request.content() != null) {
            announcement.setContent(request.content());
        }
        Instant now = now();
        if (request.draft() != null) {
            announcement.changeStatus(request.draft() ? AnnouncementStatus.DRAFT : AnnouncementStatus.PUBLISHED, now);
        }
        announcement.touch(now);
        announcement = announcements.saveAndFlush(announcement);
        if (!wasPublished && announcement.isPublished()) {
            list.addAfterCommit(LIST, entry(announcement));
        } else if (wasPublished && !announcement.isPublished()) {
            list.removeAfterCommit(LIST, id);
        }
        cache.evictAfterCommit(id);
        return AnnouncementView.of(announcement);
    }

    /** Soft delete: gone from reads and the list; the row stays. */
    @Transactional
    public void delete(long id) {
        Announcement announcement = editable(id);
        Instant now = now();
        boolean wasPublished = announcement.isPublished();
        announcement.changeStatus(AnnouncementStatus.DELETED, now);
        announcement.touch(now);
        announcements.saveAndFlush(announcement); // the row lock orders the list changes of one announcement
        if (wasPublished) {
            list.removeAfterCommit(LIST, id);
        }
        cache.evictAfterCommit(id);
    }

    private static ListEntry entry(Announcement announcement) {
        return new ListEntry(announcement.getId(), announcement.getPubdate().toEpochMilli());
    }

    private Announcement editable(long id) {
        return announcements.findById(id).filter(a -> a.getStatus() != AnnouncementStatus.DELETED)
                .orElseThrow(() -> new ResourceNotFoundException("announcement", id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
