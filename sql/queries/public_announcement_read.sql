-- One live announcement, counting the read; no row when missing or expired.
-- $1 bigint: id
UPDATE announcements SET read_count = read_count + 1
WHERE id = $1 AND NOT draft AND published_at <= now() AND (expires_at IS NULL OR expires_at > now())
RETURNING id::text, column_key, title, body, published_at, expires_at, read_count::int AS read_count
