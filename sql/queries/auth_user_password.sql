-- A user's password hash, locked for a password change.
-- $1 bigint: user id
SELECT login, password_hash FROM users WHERE id = $1 AND active FOR UPDATE
