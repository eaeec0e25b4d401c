package com.newsfeed.announcement;

import java.time.Instant;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListLoader;
import com.newsfeed.system.OffsetPages;

/** Toutiao's {@code announce:{id}} (one published announcement as a JSON string) and {@code announce} (the list). */
@Configuration(proxyBeanMethods = false)
class AnnouncementCacheConfiguration {

    @Bean
    LayeredCache<AnnouncementView> announcementCache(CacheFactory caches, AnnouncementRepository announcements) {
        return caches.cache("announcement", AnnouncementView.class)
                .keyPattern("announce:{id}")
                .bloomFilter(caches.bloomFilter("announcements",
                        sink -> announcements.findAllIds().forEach(sink::accept)))
                .loader(EntityLoader.of(
                        id -> announcements.findById(id).filter(Announcement::isPublished).map(AnnouncementView::of),
                        ids -> announcements.findByIdInAndStatus(List.copyOf(ids), AnnouncementStatus.PUBLISHED)
                                .stream().map(AnnouncementView::of).toList(),
                        AnnouncementView::id))
                .newestIds(count -> announcements.findPublishedIds(PageRequest.of(0, count)))
                .build();
    }

    /** Toutiao's {@code announce}: the published announcements' ids by publish time, one sorted set (list 0). */
    @Bean
    ListCache announcementList(CacheFactory caches, AnnouncementRepository announcements) {
        return caches.list("announcement-list", "announce", new ListLoader() {
            @Override
            public List<ListEntry> newest(long listId, int limit) {
                return announcements.findNewest(Limit.of(limit)).stream().map(ListedAnnouncement::listed).toList();
            }

            @Override
            public List<ListEntry> after(long listId, ListEntry cursor, int limit) {
                return announcements.findBefore(Instant.ofEpochMilli(cursor.score()), cursor.id(), Limit.of(limit))
                        .stream().map(ListedAnnouncement::listed).toList();
            }

            @Override
            public List<Long> at(long listId, int offset, int limit) {
                return announcements.findPublishedIds(OffsetPages.of(offset, limit));
            }

            @Override
            public long count(long listId) {
                return announcements.countByStatus(AnnouncementStatus.PUBLISHED);
            }
        });
    }
}
