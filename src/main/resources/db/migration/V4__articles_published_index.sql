-- The newest published articles across channels (the warm-up, and the newest-first lists to come) read ids from
-- this index alone.
CREATE INDEX idx_articles_published ON articles (status, pubdate, id);
