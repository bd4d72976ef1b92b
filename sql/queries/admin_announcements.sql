-- Every announcement for the administration (公开内容): drafts, scheduled, live and expired, newest first.
-- $1 int: limit
SELECT id::text, column_key, title, body, draft, published_at, expires_at, read_count::int AS read_count, updated_at,
       CASE WHEN draft THEN 'draft'
            WHEN expires_at IS NOT NULL AND expires_at <= now() THEN 'expired'
            WHEN published_at > now() THEN 'scheduled'
            ELSE 'live' END AS state
FROM announcements
ORDER BY draft DESC, published_at DESC, id DESC
LIMIT $1
