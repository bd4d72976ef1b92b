-- Opens a session.
-- $1 text: SHA-256 hex of the session token
-- $2 bigint: user id
-- $3 text: CSRF token of the session
-- $4 text: method (password | oidc | cert)
-- $5 int: idle timeout, minutes
-- $6 int: lifetime, minutes
-- $7 text: client IP
-- $8 text: user agent
INSERT INTO sessions (id_hash, user_id, csrf_token, method, idle_timeout, expires_at, ip, user_agent)
VALUES ($1, $2, $3, $4, make_interval(mins => $5), now() + make_interval(mins => $6), $7, left($8, 300))
RETURNING expires_at
