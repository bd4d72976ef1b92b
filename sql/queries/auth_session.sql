-- The live session for a token hash, with its (active) user.
-- $1 text: SHA-256 hex of the session token
SELECT s.id_hash, s.csrf_token, s.method, s.last_seen_at < now() - INTERVAL '60 seconds' AS stale,
       u.id::text AS user_id, u.login, u.display_name, u.roles, u.department_code, u.jurisdiction_code
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.id_hash = $1
  AND s.expires_at > now()
  AND s.last_seen_at + s.idle_timeout > now()
  AND u.active
