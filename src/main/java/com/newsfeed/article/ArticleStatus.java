package com.newsfeed.article;

/** Only published articles are readable and listed; deleted is a soft delete. */
public enum ArticleStatus {
    DRAFT, PUBLISHED, DELETED
}
