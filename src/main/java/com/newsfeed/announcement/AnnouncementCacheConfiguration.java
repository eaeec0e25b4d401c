package com.newsfeed.announcement;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
                .loader(new EntityLoader<>() {
                    @Override
                    public Optional<AnnouncementView> load(long id) {
                        return announcements.findById(id).filter(Announcement::isPublished)
                                .map(AnnouncementView::of);
                    }

                    @Override
                    public Map<Long, AnnouncementView> loadAll(Collection<Long> ids) {
                        return announcements.findByIdInAndStatus(List.copyOf(ids), AnnouncementStatus.PUBLISHED)
                                .stream().map(AnnouncementView::of)
                                .collect(Collectors.toMap(AnnouncementView::id, Function.identity()));
                    }
                })
                .build();
    }
}
