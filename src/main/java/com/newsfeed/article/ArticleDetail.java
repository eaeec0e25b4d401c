package com.newsfeed.article;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.user.UserProfile;

/**
 * {@code GET /api/articles/{id}}: the article's info, its body, and its author's public profile ({@code null} when
 * the author's profile is not public, e.g. a disabled account). The fields are those of {@link ArticleInfo} in the
 * same order, then {@code content}, {@code author} and {@code counts} (in a read's answer only; null there when the
 * store could not give them): that is what lets {@link #json} build the response from the cached encodings without
 * serialising anything.
 */
public record ArticleDetail(long id, long authorId, int channelId, String title, List<String> coverImages,
        boolean allowComment, Instant pubdate, String content, UserProfile author,
        @JsonInclude(JsonInclude.Include.NON_NULL) ArticleCounts counts) {

    private static final byte[] CONTENT = ",\"content\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUTHOR = ",\"author\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_AUTHOR = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNTS = ",\"counts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_COUNTS = "null".getBytes(StandardCharsets.US_ASCII);

    static ArticleDetail of(ArticleInfo info, String content, UserProfile author) {
        return new ArticleDetail(info.id(), info.authorId(), info.channelId(), info.title(), info.coverImages(),
                info.allowComment(), info.pubdate(), content, author, null);
    }

    /**
     * The JSON of a detail, spliced from the cached JSON of its parts: the info object without its closing brace,
     * then the body (a JSON string), the author (an object, or null) and, unless {@code counts} is null, the counts
     * (null when the store could not give them).
     */
    static byte[] json(CachedValue<ArticleInfo> info, CachedValue<String> body, CachedValue<UserProfile> author,
            Optional<ArticleCounts> counts) {
        byte[][] parts = {info.json(), CONTENT, body.json(), AUTHOR, author == null ? NULL_AUTHOR : author.json(),
                counts == null ? null : COUNTS, counts == null ? null : counts.map(ArticleCounts::json)
                .orElse(NULL_COUNTS)};
        int length = 0;
        for (byte[] part : parts) {
            length += part == null ? 0 : part.length;
        }
        byte[] json = new byte[length]; // the info's closing brace is left out, and one put at the end
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                int copied = i == 0 ? parts[i].length - 1 : parts[i].length;
                System.arraycopy(parts[i], 0, json, at, copied);
                at += copied;
            }
        }
        json[at] = '}';
        return json;
    }

    /** Changes whenever any of the three parts does. */
    static String tag(CachedValue<ArticleInfo> info, CachedValue<String> body, CachedValue<UserProfile> author) {
        return info.tag() + body.tag() + (author == null ? "-" : author.tag());
    }
}
