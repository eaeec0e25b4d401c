package com.newsfeed.article;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Article rows. The list queries return ids (and the cursor) only: they are answered from an index alone. */
interface ArticleRepository extends JpaRepository<Article, Long> {

    @Query("""
            select new com.newsfeed.article.FeedEntry(a.id, a.pubdate) from Article a
            where a.channelId = :channelId and a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<FeedEntry> findFeedHead(int channelId, Limit limit);

    @Query("""
            select new com.newsfeed.article.FeedEntry(a.id, a.pubdate) from Article a
            where a.channelId = :channelId and a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
              and (a.pubdate < :pubdate or (a.pubdate = :pubdate and a.id < :id))
            order by a.pubdate desc, a.id desc""")
    List<FeedEntry> findFeedBefore(int channelId, Instant pubdate, long id, Limit limit);

    @Query("""
            select a.id from Article a
            where a.channelId = :channelId and a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<Long> findFeedIds(int channelId, Pageable page);

    long countByChannelIdAndStatus(int channelId, ArticleStatus status);

    @Query("""
            select new com.newsfeed.article.FeedEntry(a.id, a.pubdate) from Article a
            where a.authorId = :authorId and a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<FeedEntry> findAuthorHead(long authorId, Limit limit);

    @Query("""
            select new com.newsfeed.article.FeedEntry(a.id, a.pubdate) from Article a
            where a.authorId = :authorId and a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
              and (a.pubdate < :pubdate or (a.pubdate = :pubdate and a.id < :id))
            order by a.pubdate desc, a.id desc""")
    List<FeedEntry> findAuthorBefore(long authorId, Instant pubdate, long id, Limit limit);

    @Query("""
            select a.id from Article a
            where a.authorId = :authorId and a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<Long> findPublishedIdsByAuthor(long authorId, Pageable page);

    long countByAuthorIdAndStatus(long authorId, ArticleStatus status);

    List<Article> findByIdInAndStatus(List<Long> ids, ArticleStatus status);

    /** The newest published articles' ids, newest first (the published index): what a warm-up loads. */
    @Query("""
            select a.id from Article a where a.status = com.newsfeed.article.ArticleStatus.PUBLISHED
            order by a.pubdate desc, a.id desc""")
    List<Long> findNewestPublishedIds(Limit limit);

    /**
     * The ids a read can find, for the bloom filter's builds: published articles only, so reads of articles
     * deleted or left as drafts before the filter was built are answered without a query. Articles created
     * later join at their insert, drafts included; a draft that predates the filter joins when it is published.
     */
    @Query("select a.id from Article a where a.status = com.newsfeed.article.ArticleStatus.PUBLISHED")
    List<Long> findPublishedIds();

    /** A published article's info: what the info cache loads, and the uncached read. */
    default Optional<ArticleInfo> findPublishedInfo(long id) {
        return findById(id).filter(Article::isPublished).map(ArticleInfo::of);
    }

    /** The published infos among these ids, in one query: what the info cache's batches load. */
    default List<ArticleInfo> findPublishedInfos(Collection<Long> ids) {
        return findByIdInAndStatus(List.copyOf(ids), ArticleStatus.PUBLISHED).stream().map(ArticleInfo::of).toList();
    }
}
