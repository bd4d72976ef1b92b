-- Which of the sessions held by live sockets are still valid (not expired, not idle too long, user
-- active), with their user's current roles and scope; refreshes the idle timer of those in $2
-- (sockets of a live wall: watching counts as activity). Sessions not returned have ended.
-- $1 text[]: SHA-256 hex of the session tokens to check
-- $2 text[]: of those, the sessions whose idle timer to refresh (may be empty)
WITH live AS (
  SELECT s.id_hash, u.roles, u.department_code, u.jurisdiction_code
  FROM sessions s
  JOIN users u ON u.id = s.user_id
  WHERE s.id_hash = ANY ($1::text[])
    AND s.expires_at > now()
    AND s.last_seen_at + s.idle_timeout > now()
    AND u.active
), touched AS (
  UPDATE sessions s SET last_seen_at = now()
  FROM live
  WHERE s.id_hash = live.id_hash AND s.id_hash = ANY ($2::text[])
  RETURNING s.id_hash
)
-- (a data-modifying WITH runs whether or not the SELECT reads it)
SELECT id_hash, roles, department_code, jurisdiction_code FROM live
