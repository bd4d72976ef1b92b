-- Edits an announcement (the route merged the patch into the current values); returns it as the audit's `after`.
-- $1 bigint: id, $2 text: column key, $3 text: title, $4 text: body, $5 boolean: draft, $6 timestamptz: published at (null: now), $7 timestamptz: expires at (null: never), $8 bigint: editor user id
UPDATE announcements
SET column_key = $2, title = $3, body = $4, draft = $5, published_at = coalesce($6, now()), expires_at = $7, updated_at = now(), updated_by = $8
WHERE id = $1
RETURNING id::text, column_key, title, body, draft, published_at, expires_at, read_count::int AS read_count, updated_at,
          CASE WHEN draft THEN 'draft'
               WHEN expires_at IS NOT NULL AND expires_at <= now() THEN 'expired'
               WHEN published_at > now() THEN 'scheduled'
               ELSE 'live' END AS state
