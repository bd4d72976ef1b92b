-- Publishes an announcement; returns it as the audit's `after`.
-- $1 text: column key, $2 text: title, $3 text: body, $4 timestamptz: published at (null: now), $5 timestamptz: expires at (null: never), $6 bigint: author user id, $7 boolean: draft (null: published)
INSERT INTO announcements (column_key, title, body, published_at, expires_at, created_by, draft)
VALUES ($1, $2, $3, coalesce($4, now()), $5, $6, coalesce($7, false))
RETURNING id::text, column_key, title, published_at, expires_at, draft
