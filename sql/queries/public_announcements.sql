-- Live announcements (published, not expired), newest first, optionally of one column.
-- $1 text: column key (null: all), $2 int: limit
SELECT id::text, column_key, title, published_at, expires_at, read_count::int AS read_count
FROM announcements
WHERE NOT draft AND published_at <= now() AND (expires_at IS NULL OR expires_at > now())
  AND ($1::text IS NULL OR column_key = $1)
ORDER BY published_at DESC, id DESC
LIMIT $2
