-- The service guide's per-item on-time rate reads an item's cases concluded in the last year.
CREATE INDEX cases_item_concluded ON cases (item_code, concluded_at) WHERE concluded_at IS NOT NULL;
