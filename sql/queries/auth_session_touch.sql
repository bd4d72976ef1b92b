-- Records activity on a session (keeps it from idling out).
-- $1 text: SHA-256 hex of the session token
UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1
