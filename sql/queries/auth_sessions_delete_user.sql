-- Ends every session of a user except one (after a password change or reset).
-- $1 bigint: user id
-- $2 text: SHA-256 hex of the session to keep, or null to end all
DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2) RETURNING id_hash
