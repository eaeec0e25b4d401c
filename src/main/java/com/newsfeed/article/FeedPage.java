package com.newsfeed.article;

import java.util.List;

/** One page of a channel feed, newest first; pass {@code nextCursor} as {@code before} for the next (null: end). */
public record FeedPage(List<ArticleInfo> items, String nextCursor) {
}
