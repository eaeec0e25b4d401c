package com.newsfeed.article;

/** What a reader does to an article and the database keeps: one row per reader and article. */
enum Reaction {

    LIKE("article_likes"),
    COLLECTION("article_collections");

    /** The table of the reaction's rows (a constant: never built from input). */
    final String table;

    Reaction(String table) {
        this.table = table;
    }
}
