package com.newsfeed.article;

/** What a reader does to an article and the database keeps: one row per reader and article. */
enum Reaction {

    LIKE("article_likes", "article.liked", "article.unliked"),
    COLLECTION("article_collections", "article.collected", "article.uncollected");

    /** The table of the reaction's rows (a constant: never built from input). */
    final String table;
    /** The routing keys of its events, given and taken back. */
    final String given;
    final String takenBack;

    Reaction(String table, String given, String takenBack) {
        this.table = table;
        this.given = given;
        this.takenBack = takenBack;
    }
}
