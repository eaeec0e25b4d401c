package com.newsfeed.article;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/user/histories}: a page of the caller's reading history, newest first. {@code total} counts what
 * the history holds (at most its size), articles unpublished since included; {@code items} leaves those out.
 */
public record HistoryPage(List<Item> items, int page, int size, long total) {

    /** An article read, and when it was last read. */
    public record Item(ArticleInfo article, Instant readAt) {
    }
}
