-- Publishes an announcement; returns it as the audit's `after`.
-- $1 text: column key, $2 text: title, $3 text: body, $4 timestamptz: published at (null: now), $5 timestamptz: expires at (null: never), $6 bigint: author user id
INSERT INTO announcements (column_key, title, body, published_at, expires_at, created_by)
VALUES ($1, $2, $3, coalesce($4, now()), $5, $6)
RETURNING id::text, column_key, title, published_at, expires_at
