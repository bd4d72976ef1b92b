-- One announcement, locked for an edit (the audit's `before`).
-- $1 bigint: id
SELECT id::text, column_key, title, body, draft, published_at, expires_at, read_count::int AS read_count, updated_at
FROM announcements WHERE id = $1 FOR UPDATE
