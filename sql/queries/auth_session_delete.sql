-- Ends a session (logout). Returns the user id when the session existed.
-- $1 text: SHA-256 hex of the session token
DELETE FROM sessions WHERE id_hash = $1 RETURNING user_id::text AS user_id, method
