-- One live announcement without counting a read (the pre-rendered page; the SPA's API read counts).
-- $1 bigint: id
SELECT id::text, column_key, title, body, published_at, expires_at, read_count::int AS read_count
FROM announcements
WHERE id = $1 AND NOT draft AND published_at <= now() AND (expires_at IS NULL OR expires_at > now())
