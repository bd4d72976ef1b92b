-- Sets a user's password hash; clears failures and any lock.
-- $1 bigint: user id
-- $2 text: argon2id password hash
UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL, updated_at = now()
WHERE id = $1
RETURNING password_changed_at
