-- What readers do, the source of truth for the counters and the follow lists kept in Redis. Each action is one row
-- keyed by who did it to what, so doing it twice is one row (the API is idempotent by the primary key).
CREATE TABLE article_likes (
    article_id BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (article_id, user_id),
    CONSTRAINT fk_article_likes_article FOREIGN KEY (article_id) REFERENCES articles (id),
    CONSTRAINT fk_article_likes_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX idx_article_likes_user ON article_likes (user_id, article_id);

CREATE TABLE article_collections (
    article_id BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (article_id, user_id),
    CONSTRAINT fk_article_collections_article FOREIGN KEY (article_id) REFERENCES articles (id),
    CONSTRAINT fk_article_collections_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX idx_article_collections_user ON article_collections (user_id, article_id);

-- user_id follows target_id. The two lists (whom a user follows, who follows a user) are read newest first from
-- these indexes alone, as the feeds are.
CREATE TABLE user_follows (
    user_id    BIGINT      NOT NULL,
    target_id  BIGINT      NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (user_id, target_id),
    CONSTRAINT fk_user_follows_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_user_follows_target FOREIGN KEY (target_id) REFERENCES users (id)
);
CREATE INDEX idx_user_follows_following ON user_follows (user_id, created_at, target_id);
CREATE INDEX idx_user_follows_fans ON user_follows (target_id, created_at, user_id);

-- ShedLock's lock rows (its documented MySQL schema): a scheduled job runs on one instance of the fleet.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP(3) NOT NULL,
    locked_at  TIMESTAMP(3) NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
