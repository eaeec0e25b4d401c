-- Runs unchanged on MySQL 8, MariaDB 10.11+ and H2 in MySQL mode: no engine, charset or vendor-only syntax.
-- Times are UTC with millisecond precision, so a feed cursor (pubdate, id) round-trips exactly.

CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(64)  NOT NULL,
    mobile        VARCHAR(20)  NOT NULL,
    photo         VARCHAR(255),
    intro         VARCHAR(512),
    certification VARCHAR(128),
    is_media      BOOLEAN      NOT NULL DEFAULT FALSE,
    status        VARCHAR(16)  NOT NULL,
    gender        VARCHAR(16)  NOT NULL,
    birthday      DATE,
    created_at    DATETIME(3)  NOT NULL,
    updated_at    DATETIME(3)  NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT uk_users_mobile UNIQUE (mobile)
);

CREATE TABLE channels (
    id         INT         NOT NULL PRIMARY KEY,
    name       VARCHAR(32) NOT NULL,
    sequence   INT         NOT NULL,
    visible    BOOLEAN     NOT NULL DEFAULT TRUE,
    is_default BOOLEAN     NOT NULL DEFAULT FALSE,
    CONSTRAINT uk_channels_name UNIQUE (name)
);

CREATE TABLE articles (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id       BIGINT        NOT NULL,
    channel_id    INT           NOT NULL,
    title         VARCHAR(128)  NOT NULL,
    cover_images  VARCHAR(1024),
    status        VARCHAR(16)   NOT NULL,
    allow_comment BOOLEAN       NOT NULL DEFAULT TRUE,
    pubdate       DATETIME(3),
    created_at    DATETIME(3)   NOT NULL,
    updated_at    DATETIME(3)   NOT NULL,
    version       BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT fk_articles_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_articles_channel FOREIGN KEY (channel_id) REFERENCES channels (id)
);
-- The channel feed and a user's articles read ids (and the cursor) from these indexes alone;
-- InnoDB secondary indexes carry the primary key, so id is covered too.
CREATE INDEX idx_articles_channel_feed ON articles (channel_id, status, pubdate, id);
CREATE INDEX idx_articles_user ON articles (user_id, status, pubdate, id);

-- The body is large and read only by the detail view, so it lives apart from the row the lists touch.
CREATE TABLE article_contents (
    article_id BIGINT     NOT NULL PRIMARY KEY,
    content    MEDIUMTEXT NOT NULL,
    CONSTRAINT fk_article_contents_article FOREIGN KEY (article_id) REFERENCES articles (id)
);

CREATE TABLE announcements (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title      VARCHAR(128) NOT NULL,
    content    TEXT         NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    pubdate    DATETIME(3),
    created_at DATETIME(3)  NOT NULL,
    updated_at DATETIME(3)  NOT NULL,
    version    BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX idx_announcements_list ON announcements (status, pubdate, id);
