package com.newsfeed.announcement;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.PageRequest;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.LayeredCache;

/** Toutiao's {@code announce:{id}}: one published announcement as a JSON string. */
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
}
