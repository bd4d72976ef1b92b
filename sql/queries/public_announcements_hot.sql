-- The most read live announcements (热点).
-- $1 int: limit
SELECT id::text, column_key, title, published_at, expires_at, read_count::int AS read_count
FROM announcements
WHERE NOT draft AND published_at <= now() AND (expires_at IS NULL OR expires_at > now()) AND read_count > 0
ORDER BY read_count DESC, published_at DESC
LIMIT $1
