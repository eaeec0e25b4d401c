package com.newsfeed.article;

import java.util.List;

/** One page of a user's published articles, newest first; {@code page} counts from 1. */
public record ArticlePage(List<ArticleInfo> items, int page, int size, long total) {
}
