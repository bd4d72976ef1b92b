-- Marks the user's notifications read: the given ids, or all when $2 is NULL. Others' rows are untouched.
-- $1 bigint: user id, $2 bigint[]: notification ids or NULL
UPDATE notifications SET read_at = now()
WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY ($2))
RETURNING id::text AS id
