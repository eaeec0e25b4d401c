package com.newsfeed.article;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Service;

import com.newsfeed.cache.CacheReads;
import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.security.Reader;
import com.newsfeed.store.Timeline;
import com.newsfeed.system.ResourceNotFoundException;
import com.newsfeed.user.UserProfile;
import com.newsfeed.user.UserService;

/**
 * The reads a reader makes of articles: the detail (its cached parts spliced, with the counts from the store), the
 * hot rankings, and the reader's own history.
 */
@Service
public class ArticleReads {

    private static final CompletableFuture<long[]> NO_COUNTS = CompletableFuture.completedFuture(null);

    private final LayeredCache<ArticleInfo> infos;
    private final LayeredCache<String> bodies;
    private final CacheReads reads;
    private final UserService users;
    private final ArticleStatistics statistics;
    private final Clock clock;

    ArticleReads(LayeredCache<ArticleInfo> infos, LayeredCache<String> bodies, CacheReads reads, UserService users,
            ArticleStatistics statistics, Clock clock) {
        this.infos = infos;
        this.bodies = bodies;
        this.reads = reads;
        this.users = users;
        this.statistics = statistics;
        this.clock = clock;
    }

    /**
     * {@code GET /api/articles/{id}}: the detail with its counts, and the read counted (and kept in the reader's
     * history). The counts come from this instance's copy, or from the store alongside the cache's own round trip.
     */
    public ArticleService.ResponseJson read(long id, Reader reader) {
        Parts parts = parts(id, true);
        statistics.read(parts.info.value(), reader.userId(), clock.millis());
        return withCounts(parts);
    }

    /** The same detail with its counts, but no read event published: what the benchmark measures events by. */
    public ArticleService.ResponseJson readWithoutEvent(long id) {
        return withCounts(parts(id, true));
    }

    private ArticleService.ResponseJson withCounts(Parts parts) {
        Optional<ArticleCounts> counts = statistics.await(parts.counts);
        byte[] json = ArticleDetail.json(parts.info, parts.body, parts.author, counts);
        String tag = ArticleDetail.tag(parts.info, parts.body, parts.author) + counts.map(ArticleCounts::tag)
                .orElse("-");
        return new ArticleService.ResponseJson(json, tag, parts.stale());
    }

    /** The same detail without its counts and without counting the read: what the benchmark measures them by. */
    public ArticleService.ResponseJson readWithoutCounts(long id) {
        Parts parts = parts(id, false);
        return new ArticleService.ResponseJson(ArticleDetail.json(parts.info, parts.body, parts.author, null),
                ArticleDetail.tag(parts.info, parts.body, parts.author), parts.stale());
    }

    /**
     * The most read published articles, overall or in one channel, most read first: the ranking's ids hydrated in
     * one batch (an article unpublished or moved since it was ranked is left out).
     */
    public List<ArticleInfo> hot(Integer channelId, int size) {
        List<ArticleInfo> found = infos.getAllValues(statistics.hot(channelId)).stream()
                .filter(info -> channelId == null || info.channelId() == channelId).toList();
        return found.subList(0, Math.min(size, found.size()));
    }

    /** A page (from 1) of the reader's history, newest first: the articles still published, hydrated in a batch. */
    public HistoryPage history(long userId, int page, int size) {
        Timeline.Page found = statistics.history().page(userId, (page - 1) * size, size);
        Map<Long, CachedValue<ArticleInfo>> articles = infos.getAll(found.entries().stream()
                .map(Timeline.Entry::id).toList());
        List<HistoryPage.Item> items = found.entries().stream().filter(entry -> articles.containsKey(entry.id()))
                .map(entry -> new HistoryPage.Item(articles.get(entry.id()).value(),
                        Instant.ofEpochMilli(entry.at()))).toList();
        return new HistoryPage(items, page, size, found.total());
    }

    /** A detail's parts, with its counts asked for alongside (they are awaited by the caller). */
    private Parts parts(long id, boolean withCounts) {
        CacheReads.Batch batch = reads.batch();
        CacheReads.Part<ArticleInfo> infoPart = batch.add(infos, id);
        CacheReads.Part<String> bodyPart = batch.add(bodies, id);
        Optional<Long> knownAuthor = infoPart.knownNow().map(ArticleInfo::authorId);
        Optional<CacheReads.Part<UserProfile>> authorPart = knownAuthor.map(author ->
                users.addProfile(batch, author));
        // Asked for before the read, so that the store's round trip overlaps the cache's. An unknown id costs the
        // store that one round trip (never the database), and its copy is forgotten below.
        CompletableFuture<long[]> counts = withCounts ? statistics.countsOf(id) : NO_COUNTS;
        batch.run();
        Optional<CachedValue<ArticleInfo>> info = infoPart.value();
        Optional<CachedValue<String>> body = bodyPart.value();
        if (info.isEmpty() || body.isEmpty()) {
            if (counts != NO_COUNTS) {
                statistics.forget(id);
            }
            throw new ResourceNotFoundException("article", id);
        }
        long authorId = info.get().value().authorId();
        CachedValue<UserProfile> author = (knownAuthor.equals(Optional.of(authorId)) ? authorPart.get().value()
                : users.findProfile(authorId)).orElse(null);
        return new Parts(info.get(), body.get(), author, counts);
    }

    private record Parts(CachedValue<ArticleInfo> info, CachedValue<String> body, CachedValue<UserProfile> author,
            CompletableFuture<long[]> counts) {

        boolean stale() {
            return info.stale() || body.stale() || (author != null && author.stale());
        }
    }
}
