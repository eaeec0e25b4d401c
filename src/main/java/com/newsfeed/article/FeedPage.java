package com.newsfeed.article;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.newsfeed.cache.CachedValue;

/** One page of a channel feed, newest first; pass {@code nextCursor} as {@code before} for the next (null: end). */
public record FeedPage(List<ArticleInfo> items, String nextCursor) {

    private static final byte[] OPEN = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = "],\"nextCursor\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * The page's JSON spliced from the infos' cached JSON, as Jackson would write this record: a page served from
     * L1 then costs no serialisation. The cursor is digits and a dash, so it needs no escaping.
     */
    static byte[] json(List<CachedValue<ArticleInfo>> items, String nextCursor) {
        int size = OPEN.length + NEXT.length + 8 + (nextCursor == null ? 4 : nextCursor.length() + 2);
        for (CachedValue<ArticleInfo> item : items) {
            size += item.json().length + 1;
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream(size);
        json.writeBytes(OPEN);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                json.write(',');
            }
            json.writeBytes(items.get(i).json());
        }
        json.writeBytes(NEXT);
        json.writeBytes((nextCursor == null ? "null" : "\"" + nextCursor + "\"").getBytes(StandardCharsets.US_ASCII));
        json.write('}');
        return json.toByteArray();
    }
}
