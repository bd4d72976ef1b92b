-- Unread in-app notifications of a user.
-- $1 bigint: user id
SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL
