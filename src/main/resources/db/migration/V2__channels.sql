-- The channel list is reference data, the same in every environment.
INSERT INTO channels (id, name, sequence, visible, is_default) VALUES
    (1, 'recommended', 0, TRUE, TRUE),
    (2, 'tech', 1, TRUE, TRUE),
    (3, 'finance', 2, TRUE, TRUE),
    (4, 'sports', 3, TRUE, FALSE),
    (5, 'entertainment', 4, TRUE, FALSE),
    (6, 'world', 5, TRUE, TRUE),
    (7, 'science', 6, TRUE, FALSE),
    (8, 'health', 7, TRUE, FALSE),
    (9, 'travel', 8, TRUE, FALSE),
    (10, 'food', 9, TRUE, FALSE),
    (11, 'autos', 10, TRUE, FALSE),
    (12, 'archive', 11, FALSE, FALSE);
