-- Reading counts, kept by the consumer of read events (the store's count:art:reading is derived from them).
-- No foreign key: a read is counted in the same batch as thousands of others, and an article is never deleted.
CREATE TABLE article_reads (
    article_id BIGINT NOT NULL PRIMARY KEY,
    read_count BIGINT NOT NULL
);

-- The ids of the messages each consumer has handled, written in the same transaction as what it did with them:
-- a message delivered again, or sent twice, is recognised and skipped. Pruned after newsfeed.events.receipts.retention.
CREATE TABLE event_receipts (
    consumer    VARCHAR(64) NOT NULL,
    message_id  VARCHAR(64) NOT NULL,
    received_at DATETIME(3) NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX idx_event_receipts_received_at ON event_receipts (received_at);

-- Counters the store alone held before the database kept them: copied into their table once, by the first consumer,
-- before it counts anything (the row is locked and marked in the same transaction).
CREATE TABLE counter_seeds (
    counter   VARCHAR(64) NOT NULL PRIMARY KEY,
    seeded_at DATETIME(3) NULL
);
INSERT INTO counter_seeds (counter) VALUES ('count:art:reading');
