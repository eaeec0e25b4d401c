package com.newsfeed.article;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An article's row without its body (see {@link ArticleContent}). Author and channel are plain ids: the article
 * is cached on its own and joined with the author's cached profile on read, never through a JPA association.
 */
@Entity
@Table(name = "articles")
public class Article {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id")
    private long authorId;

    private int channelId;
    private String title;

    @Convert(converter = CoverImagesConverter.class)
    private List<String> coverImages;

    @Enumerated(EnumType.STRING)
    private ArticleStatus status;

    private boolean allowComment;

    /** Set when first published; the feed orders by it. */
    private Instant pubdate;

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Article() {
    }

    Article(long authorId, int channelId, String title, Instant now) {
        this.authorId = authorId;
        this.channelId = channelId;
        this.title = title;
        this.coverImages = List.of();
        this.status = ArticleStatus.DRAFT;
        this.allowComment = true;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public long getAuthorId() {
        return authorId;
    }

    public int getChannelId() {
        return channelId;
    }

    public String getTitle() {
        return title;
    }

    public List<String> getCoverImages() {
        return coverImages;
    }

    public ArticleStatus getStatus() {
        return status;
    }

    /** Only published articles are readable and listed. */
    public boolean isPublished() {
        return status == ArticleStatus.PUBLISHED;
    }

    public boolean isAllowComment() {
        return allowComment;
    }

    public Instant getPubdate() {
        return pubdate;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

    void setChannelId(int channelId) {
        this.channelId = channelId;
    }

    void setTitle(String title) {
        this.title = title;
    }

    void setCoverImages(List<String> coverImages) {
        this.coverImages = List.copyOf(coverImages);
    }

    void setAllowComment(boolean allowComment) {
        this.allowComment = allowComment;
    }

    /** Publishes a draft (stamping its first pubdate), unpublishes to a draft, or soft-deletes. */
    void changeStatus(ArticleStatus status, Instant now) {
        if (status == ArticleStatus.PUBLISHED && pubdate == null) {
            pubdate = now;
        }
        this.status = status;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
