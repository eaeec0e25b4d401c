package com.newsfeed.article;

import java.time.Instant;
import java.util.List;

/** A published article without its body: what feeds and lists show (Toutiao's {@code art:{id}:info}). */
public record ArticleInfo(long id, long authorId, int channelId, String title, List<String> coverImages,
        boolean allowComment, Instant pubdate) {

    static ArticleInfo of(Article article) {
        return new ArticleInfo(article.getId(), article.getAuthorId(), article.getChannelId(), article.getTitle(),
                List.copyOf(article.getCoverImages()), article.isAllowComment(), article.getPubdate());
    }
}
