-- The invalidation outbox: each write records, in its own transaction, what it changes in the cache. Every
-- instance tails it (by seq) and applies what it has not seen through pub/sub; a row stays undelivered until some
-- instance has applied its Redis part. Old rows are purged on a schedule (newsfeed.cache.outbox.retention).
CREATE TABLE cache_invalidations (
    seq         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    cache_name  VARCHAR(64) NOT NULL,
    entity_id   BIGINT      NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    row_version BIGINT,
    created_at  DATETIME(3) NOT NULL,
    delivered   BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX idx_cache_invalidations_undelivered ON cache_invalidations (delivered, seq);
CREATE INDEX idx_cache_invalidations_created ON cache_invalidations (created_at);
