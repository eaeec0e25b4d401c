package com.newsfeed.article;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.ListCache;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.channel.ChannelService;
import com.newsfeed.security.Caller;
import com.newsfeed.system.InvalidFieldException;
import com.newsfeed.system.ResourceNotFoundException;
import com.newsfeed.user.UserProfile;
import com.newsfeed.user.UserService;

/**
 * Articles: infos read by id, the lists (whose ids come from index-only queries and are then hydrated in one batch),
 * and the writes. The detail view, with its counts, is {@link ArticleReads}'.
 */
@Service
public class ArticleService {

    private static final String NO_CHANNEL = "no visible channel with this id";

    private final ArticleRepository articles;
    private final ArticleContentRepository contents;
    private final LayeredCache<ArticleInfo> infos;
    private final LayeredCache<String> bodies;
    private final ArticleListings listings;
    private final UserService users;
    private final ChannelService channels;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ArticleService(ArticleRepository articles, ArticleContentRepository contents, LayeredCache<ArticleInfo> infos,
            LayeredCache<String> bodies, ArticleListings listings, UserService users, ChannelService channels,
            ApplicationEventPublisher events, Clock clock) {
        this.articles = articles;
        this.contents = contents;
        this.infos = infos;
        this.bodies = bodies;
        this.listings = listings;
        this.users = users;
        this.channels = channels;
        this.events = events;
        this.clock = clock;
    }

    /** A published article's info; empty for an unknown, draft or deleted one. */
    public Optional<ArticleInfo> findInfo(long id) {
        return infos.getValue(id);
    }

    /** The infos of those ids that are published, in the order asked for: one batch through the cache. */
    public List<ArticleInfo> findInfos(Collection<Long> ids) {
        return infos.getAllValues(ids);
    }

    /**
     * The same detail read straight from the database (article, body, author), past every cache level: what the
     * benchmark's "no cache" and Spring Cache modes read. Empty for an unknown, draft or deleted article.
     */
    @Transactional(readOnly = true)
    public Optional<ArticleDetail> loadDetail(long id) {
        return articles.findPublishedInfo(id).flatMap(info -> contents.findBody(id)
                .map(body -> ArticleDetail.of(info, body, users.loadProfile(info.authorId()).orElse(null))));
    }

    /**
     * The published details among these ids, straight from the database in three queries (infos, bodies,
     * authors): how the benchmark fills a baseline's cache with the whole key space, as ours is by a warm-up.
     */
    @Transactional(readOnly = true)
    public List<ArticleDetail> loadDetails(Collection<Long> ids) {
        List<ArticleInfo> found = articles.findPublishedInfos(ids);
        Map<Long, String> bodies = contents.findBodies(found.stream().map(ArticleInfo::id).toList());
        Map<Long, UserProfile> authors = users.loadProfiles(found.stream().map(ArticleInfo::authorId).toList());
        return found.stream().filter(info -> bodies.containsKey(info.id()))
                .map(info -> ArticleDetail.of(info, bodies.get(info.id()), authors.get(info.authorId()))).toList();
    }

    /** A response body with the tag its ETag is made from, and whether a part of it is stale. */
    public record ResponseJson(byte[] json, String tag, boolean stale) {
    }

    /**
     * A page of a channel's feed, newest first, after {@code before} (or from the head when it is null): ids from
     * the channel's cached list, hydrated in one batch. An article the list still holds for a moment after it
     * moved to another channel is left out.
     */
    public ResponseJson feed(int channelId, String before, int size) {
        if (!channels.isVisible(channelId)) {
            throw new ResourceNotFoundException("channel", channelId);
        }
        ListEntry cursor = before == null ? null : FeedCursor.parse(before).map(FeedCursor::listed)
                .orElseThrow(() -> new InvalidFieldException("before",
                        "must be a nextCursor value from a previous page"));
        ListCache.CursorPage page = listings.feedPage(channelId, cursor, size);
        List<CachedValue<ArticleInfo>> items = infos.getAll(page.ids()).values().stream()
                .filter(info -> info.value().channelId() == channelId).toList();
        byte[] json = FeedPage.json(items, page.next() == null ? null : FeedCursor.of(page.next()).toString());
        return new ResponseJson(json, CachedValue.tagOf(json), items.stream().anyMatch(CachedValue::stale));
    }

    /** A page (from 1) of a user's published articles, newest first, from the user's cached list. */
    public ArticlePage byAuthor(long userId, int page, int size) {
        if (users.findProfile(userId).isEmpty()) {
            throw new ResourceNotFoundException("user", userId);
        }
        ListCache.NumberedPage found = listings.authorPage(userId, page, size);
        return new ArticlePage(findInfos(found.ids()), page, size, found.total());
    }

    @Transactional
    public ArticleDetail create(CreateArticleRequest request, Caller author) {
        requireVisibleChannel(request.channelId());
        Instant now = now();
        Article article = new Article(author.userId(), request.channelId(), request.title().strip(), now);
        if (request.coverImages() != null) {
            article.setCoverImages(request.coverImages());
        }
        if (request.allowComment() != null) {
            article.setAllowComment(request.allowComment());
        }
        if (!Boolean.TRUE.equals(request.draft())) {
            article.changeStatus(ArticleStatus.PUBLISHED, now);
        }
        article = articles.saveAndFlush(article);
        contents.save(new ArticleContent(article.getId(), request.content()));
        // Drafts join the bloom filter too: a release that publishes without announcing it (an older one, in a
        // rolling deploy) must never meet a draft the filter lacks.
        infos.created(article.getId());
        bodies.evictAfterCommit(article.getId());
        if (article.isPublished()) {
            listings.listed(article);
        }
        return detailOf(article, request.content());
    }

    @Transactional
    public ArticleDetail update(long id, UpdateArticleRequest request, Caller caller) {
        Article article = editable(id, caller);
        ArticleContent content = contents.findById(id).orElseThrow(() -> new ResourceNotFoundException("article", id));
        int oldChannel = article.getChannelId();
        if (request.channelId() != null) {
            requireVisibleChannel(request.channelId());
            article.setChannelId(request.channelId());
        }
        if (request.title() != null) {
            article.setTitle(request.title().strip());
        }
        if (request.content() != null) {
            content.setContent(request.content());
        }
        if (request.coverImages() != null) {
            article.setCoverImages(request.coverImages());
        }
        if (request.allowComment() != null) {
            article.setAllowComment(request.allowComment());
        }
        Instant now = now();
        boolean wasPublished = article.isPublished();
        if (request.draft() != null) {
            article.changeStatus(request.draft() ? ArticleStatus.DRAFT : ArticleStatus.PUBLISHED, now);
        }
        article.touch(now);
        article = articles.saveAndFlush(article);
        listings.relisted(article, wasPublished, oldChannel);
        if (!wasPublished && article.isPublished()) {
            published(id);
        } else {
            infos.evictAfterCommit(id);
            if (request.content() != null) {
                bodies.evictAfterCommit(id);
            }
        }
        events.publishEvent(new ArticleChanged(id));
        return detailOf(article, content.getContent());
    }

    /** Soft delete: the article disappears from reads and lists; its rows stay. */
    @Transactional
    public void delete(long id, Caller caller) {
        Article article = editable(id, caller);
        boolean wasPublished = article.isPublished();
        Instant now = now();
        article.changeStatus(ArticleStatus.DELETED, now);
        article.touch(now);
        articles.saveAndFlush(article);
        if (wasPublished) {
            listings.unlisted(id, article.getChannelId(), article.getAuthorId());
        }
        infos.evictAfterCommit(id);
        bodies.evictAfterCommit(id);
        events.publishEvent(new ArticleChanged(id));
    }

    /**
     * A draft just published joins the bloom filter (rebuilt from published ids only, it may lack a draft that
     * predates it) and loses any "does not exist" marker of its info and body everywhere.
     */
    private void published(long id) {
        infos.created(id);
        bodies.created(id);
    }

    /** The article to change, read in the write's transaction: 404 when gone, 403 unless the caller may edit it. */
    private Article editable(long id, Caller caller) {
        Article article = articles.findById(id).filter(a -> a.getStatus() != ArticleStatus.DELETED)
                .orElseThrow(() -> new ResourceNotFoundException("article", id));
        caller.requireOwnerOrAdmin(article.getAuthorId(), "article");
        return article;
    }

    private void requireVisibleChannel(int channelId) {
        if (!channels.isVisible(channelId)) {
            throw new InvalidFieldException("channelId", NO_CHANNEL);
        }
    }

    private ArticleDetail detailOf(Article article, String content) {
        UserProfile author = users.findProfile(article.getAuthorId()).map(CachedValue::value).orElse(null);
        return ArticleDetail.of(ArticleInfo.of(article), content, author);
    }

    /** Millisecond precision: what the DATETIME(3) columns and the feed cursor hold. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
