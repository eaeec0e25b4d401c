package com.newsfeed.announcement;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.newsfeed.system.ResourceNotFoundException;

/** Announcements: the one place one is read by id, the paged list, and the writes. */
@Service
public class AnnouncementService {

    private final AnnouncementRepository announcements;
    private final Clock clock;

    AnnouncementService(AnnouncementRepository announcements, Clock clock) {
        this.announcements = announcements;
        this.clock = clock;
    }

    /** A published announcement; empty for an unknown, draft or deleted one. */
    @Transactional(readOnly = true)
    public Optional<AnnouncementView> find(long id) {
        return announcements.findById(id).filter(a -> a.getStatus() == AnnouncementStatus.PUBLISHED)
                .map(AnnouncementView::of);
    }

    public AnnouncementView get(long id) {
        return find(id).orElseThrow(() -> new ResourceNotFoundException("announcement", id));
    }

    @Transactional(readOnly = true)
    public AnnouncementPage list(int page, int size) {
        List<Long> ids = announcements.findPublishedIds(PageRequest.of(page - 1, size));
        Map<Long, AnnouncementView> found = ids.isEmpty() ? Map.of()
                : announcements.findByIdInAndStatus(ids, AnnouncementStatus.PUBLISHED).stream()
                        .map(AnnouncementView::of)
                        .collect(Collectors.toMap(AnnouncementView::id, Function.identity()));
        List<AnnouncementSummary> items = ids.stream().map(found::get).filter(view -> view != null)
                .map(AnnouncementSummary::of).toList();
        return new AnnouncementPage(items, page, size, announcements.countByStatus(AnnouncementStatus.PUBLISHED));
    }

    @Transactional
    public AnnouncementView create(CreateAnnouncementRequest request) {
        Instant now = now();
        Announcement announcement = new Announcement(request.title().strip(), request.content(), now);
        if (!Boolean.TRUE.equals(request.draft())) {
            announcement.changeStatus(AnnouncementStatus.PUBLISHED, now);
        }
        return AnnouncementView.of(announcements.saveAndFlush(announcement));
    }

    @Transactional
    public AnnouncementView update(long id, UpdateAnnouncementRequest request) {
        Announcement announcement = editable(id);
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
        return AnnouncementView.of(announcements.saveAndFlush(announcement));
    }

    /** Soft delete: gone from reads and the list; the row stays. */
    @Transactional
    public void delete(long id) {
        Announcement announcement = editable(id);
        Instant now = now();
        announcement.changeStatus(AnnouncementStatus.DELETED, now);
        announcement.touch(now);
    }

    private Announcement editable(long id) {
        return announcements.findById(id).filter(a -> a.getStatus() != AnnouncementStatus.DELETED)
                .orElseThrow(() -> new ResourceNotFoundException("announcement", id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
