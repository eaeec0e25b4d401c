package com.newsfeed.article;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.newsfeed.cache.CachedValue;
import com.newsfeed.user.UserProfile;

/**
 * {@code GET /api/articles/{id}}: the article's info, its body, and its author's public profile ({@code null} when
 * the author's profile is not public, e.g. a disabled account). The fields are those of {@link ArticleInfo} in the
 * same order, then {@code content} and {@code author}: that is what lets {@link #json} build the response from the
 * three cached encodings without serialising anything.
 */
public record ArticleDetail(long id, long authorId, int channelId, String title, List<String> coverImages,
        boolean allowComment, Instant pubdate, String content, UserProfile author) {

    private static final byte[] CONTENT = ",\"content\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUTHOR = ",\"author\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_AUTHOR = "null}".getBytes(StandardCharsets.US_ASCII);

    static ArticleDetail of(ArticleInfo info, String content, UserProfile author) {
        return new ArticleDetail(info.id(), info.authorId(), info.channelId(), info.title(), info.coverImages(),
                info.allowComment(), info.pubdate(), content, author);
    }

    /**
     * The JSON of a detail, spliced from the cached JSON of its parts: the info object without its closing brace,
     * then the body (a JSON string) and the author (an object, or null).
     */
    static byte[] json(CachedValue<ArticleInfo> info, CachedValue<String> body, CachedValue<UserProfile> author) {
        byte[] infoJson = info.json();
        byte[] bodyJson = body.json();
        byte[] authorJson = author == null ? NULL_AUTHOR : author.json();
        int infoLength = infoJson.length - 1;
        byte[] json = new byte[infoLength + CONTENT.length + bodyJson.length + AUTHOR.length + authorJson.length
                + (author == null ? 0 : 1)];
        int at = 0;
        System.arraycopy(infoJson, 0, json, at, infoLength);
        at += infoLength;
        System.arraycopy(CONTENT, 0, json, at, CONTENT.length);
        at += CONTENT.length;
        System.arraycopy(bodyJson, 0, json, at, bodyJson.length);
        at += bodyJson.length;
        System.arraycopy(AUTHOR, 0, json, at, AUTHOR.length);
        at += AUTHOR.length;
        System.arraycopy(authorJson, 0, json, at, authorJson.length);
        if (author != null) {
            json[json.length - 1] = '}';
        }
        return json;
    }

    /** Changes whenever any of the three parts does. */
    static String tag(CachedValue<ArticleInfo> info, CachedValue<String> body, CachedValue<UserProfile> author) {
        return info.tag() + body.tag() + (author == null ? "-" : author.tag());
    }
}
