package com.newsfeed.article;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An article's body, kept apart from its row because only the detail view reads it. */
@Entity
@Table(name = "article_contents")
public class ArticleContent {

    @Id
    private Long articleId;

    private String content;

    protected ArticleContent() {
    }

    ArticleContent(long articleId, String content) {
        this.articleId = articleId;
        this.content = content;
    }

    public long getArticleId() {
        return articleId;
    }

    public String getContent() {
        return content;
    }

    void setContent(String content) {
        this.content = content;
    }
}
