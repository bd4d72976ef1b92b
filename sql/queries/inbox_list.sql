-- The user's in-app notifications, newest first, and the unread count.
-- $1 bigint: user id, $2 boolean: unread only, $3 int: limit, $4 bigint: before this id (NULL: newest)
SELECT n.id::text AS id, n.event, n.subject, n.subject_no, n.title, n.body, n.link, n.urgent, n.created_at, n.read_at,
       (SELECT count(*)::int FROM notifications x WHERE x.user_id = $1 AND x.read_at IS NULL) AS unread
FROM notifications n
WHERE n.user_id = $1 AND (NOT $2 OR n.read_at IS NULL) AND ($4::bigint IS NULL OR n.id < $4)
ORDER BY n.id DESC
LIMIT $3
