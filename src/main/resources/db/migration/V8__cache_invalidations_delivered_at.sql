-- When a row was last delivered to Redis. A failover replays the rows delivered lately as well as those created
-- lately: a row held for minutes (its key's master was down) and delivered just before the new master's
-- predecessor died is as lost as a new one.
ALTER TABLE cache_invalidations ADD COLUMN delivered_at DATETIME(3);
CREATE INDEX idx_cache_invalidations_delivered_at ON cache_invalidations (delivered_at);
