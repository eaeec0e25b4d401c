package com.newsfeed.article;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import com.newsfeed.store.CountGroup;
import com.newsfeed.store.Counter;
import com.newsfeed.store.Counters;
import com.newsfeed.store.Ranking;
import com.newsfeed.events.EventStream;
import com.newsfeed.store.Timeline;
import com.newsfeed.user.UserCounters;

/**
 * What the store knows of articles: the three counters of each ({@code count:art:reading}, {@code :liking},
 * {@code :collecting}), the reading ranking of each channel ({@code count:art:reading:ch:{id}}), and who read what
 * ({@code user:{id}:his:reading}). The database is the source of every counter: of the likes and collections
 * (written by the requests), and of the reads (written by the consumer of read events, {@link ReadingCounts}).
 */
@Component
class ArticleStatistics {

    static final String READING = "count:art:reading";
    static final String LIKING = "count:art:liking";
    static final String COLLECTING = "count:art:collecting";

    private final Counters counters;
    private final Counter reading;
    private final Counter liking;
    private final Counter collecting;
    private final Counter authorArticles;
    private final Counter authorLiked;
    private final CountGroup counts;
    private final EventStream events;
    private final Timeline history;
    private final Ranking ranking;
    private final Map<Integer, Counter> channelCounters = new ConcurrentHashMap<>();

    ArticleStatistics(Counters counters, EventStream events, Timeline readingHistory, Ranking ranking) {
        this.counters = counters;
        this.reading = counters.counter(READING);
        this.liking = counters.counter(LIKING);
        this.collecting = counters.counter(COLLECTING);
        this.authorArticles = counters.counter(UserCounters.ARTICLES);
        this.authorLiked = counters.counter(UserCounters.LIKED);
        this.counts = counters.group(reading, liking, collecting);
        this.events = events;
        this.history = readingHistory;
        this.ranking = ranking;
    }

    /** The article's counts: at once from this instance's copy, else one store round trip (not awaited here). */
    CompletableFuture<long[]> countsOf(long id) {
        return counts.get(id);
    }

    /** The counts, awaited (the store's timeout at the most); empty when the store failed. */
    Optional<ArticleCounts> await(CompletableFuture<long[]> counts) {
        return this.counts.await(counts).map(ArticleCounts::of);
    }

    /** An id that turned out to be no readable article keeps no copy of counts. */
    void forget(long id) {
        counts.forget(id);
    }

    /**
     * A read of a published article: its event handed to the stream (no I/O here), to be counted by
     * {@link ReadingCounts} and, for a logged-in reader, remembered by {@link ReadingHistory}.
     */
    void read(ArticleInfo article, Optional<Long> reader, long at) {
        events.publish(reader.isPresent() ? ArticleEventsConfiguration.READ_BY_A_READER
                : ArticleEventsConfiguration.READ_ANONYMOUSLY, new ArticleRead(article.id(), article.channelId(),
                reader.orElse(null), at));
    }

    /**
     * The database's reading totals after a batch of reads: the store's counters raised to them, overall and in
     * each article's channel (a channel's ranking counts an article's reads wherever they were made).
     */
    void readsCounted(Map<Long, Long> totals, Map<Long, Integer> channels) {
        counters.raiseTo(reading, totals);
        Map<Integer, Map<Long, Long>> byChannel = new java.util.HashMap<>();
        totals.forEach((article, total) -> byChannel.computeIfAbsent(channels.get(article),
                channel -> new java.util.HashMap<>()).put(article, total));
        byChannel.forEach((channel, channelTotals) -> counters.raiseTo(channelReading(channel), channelTotals));
    }

    /** The store's reading counter, a page at a time: what reads were counted as before the database kept them. */
    void readingCountsInTheStore(java.util.function.Consumer<Map<Long, Long>> page) {
        counters.forEachPage(reading, 1_000, page);
    }

    /** The most read articles, overall or in a channel: ids, most read first. */
    List<Long> hot(Integer channelId) {
        return ranking.top(channelId == null ? reading : channelReading(channelId));
    }

    Timeline history() {
        return history;
    }

    /** A like (+1) or unlike (-1), once the write commits: the article's count and its author's likes. */
    void liked(long articleId, long authorId, int delta) {
        counters.addAfterCommit(liking, articleId, delta);
        counters.addAfterCommit(authorLiked, authorId, delta);
    }

    void collected(long articleId, int delta) {
        counters.addAfterCommit(collecting, articleId, delta);
    }

    /**
     * An article published (+1) or withdrawn (-1): its author's article count. (Their likes stay: an author's likes
     * are those of all their articles, so no count of an article's likes races the likes being given.)
     */
    void publishedChanged(long authorId, int delta) {
        counters.addAfterCommit(authorArticles, authorId, delta);
    }

    /** A channel's reading counter: its name built once per channel, not on every read. */
    private Counter channelReading(int channelId) {
        return channelCounters.computeIfAbsent(channelId, id -> counters.counter(channelReadingName(id)));
    }

    static String channelReadingName(int channelId) {
        return READING + ":ch:" + channelId;
    }
}
