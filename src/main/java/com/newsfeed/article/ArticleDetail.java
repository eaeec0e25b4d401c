package com.newsfeed.article;

import java.time.Instant;
import java.util.List;

import com.newsfeed.user.UserProfile;

/**
 * {@code GET /api/articles/{id}}: the article's info, its body, and a summary of its author ({@code null} when the
 * author's profile is not public, e.g. a disabled account).
 */
public record ArticleDetail(long id, int channelId, String title, List<String> coverImages, boolean allowComment,
        Instant pubdate, String content, Author author) {

    /** The few author fields an article page shows. */
    public record Author(long id, String name, String photo, boolean isMedia) {

        static Author of(UserProfile profile) {
            return new Author(profile.id(), profile.name(), profile.photo(), profile.isMedia());
        }
    }

    static ArticleDetail of(ArticleInfo info, String content, Author author) {
        return new ArticleDetail(info.id(), info.channelId(), info.title(), info.coverImages(), info.allowComment(),
                info.pubdate(), content, author);
    }
}
