package com.newsfeed.announcement;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Announcement rows; the list query returns ids only, answered from the (status, pubdate, id) index. */
interface AnnouncementRepository extends JpaRepository<Announcement, Long> {

    @Query("""
            select a.id from Announcement a
            where a.status = com.newsfeed.announcement.AnnouncementStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<Long> findPublishedIds(Pageable page);

    long countByStatus(AnnouncementStatus status);

    /** The newest published announcements with their publish times, for the cached list. */
    @Query("""
            select new com.newsfeed.announcement.ListedAnnouncement(a.id, a.pubdate) from Announcement a
            where a.status = com.newsfeed.announcement.AnnouncementStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<ListedAnnouncement> findNewest(Limit limit);

    @Query("""
            select new com.newsfeed.announcement.ListedAnnouncement(a.id, a.pubdate) from Announcement a
            where a.status = com.newsfeed.announcement.AnnouncementStatus.PUBLISHED
              and (a.pubdate < :pubdate or (a.pubdate = :pubdate and a.id < :id))
            order by a.pubdate desc, a.id desc""")
    List<ListedAnnouncement> findBefore(Instant pubdate, long id, Limit limit);

    List<Announcement> findByIdInAndStatus(List<Long> ids, AnnouncementStatus status);

    /** Every id, whatever its status, for the bloom filter. */
    @Query("select a.id from Announcement a")
    List<Long> findAllIds();
}
