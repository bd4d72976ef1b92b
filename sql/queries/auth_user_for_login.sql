-- A user by login name (case-insensitive), locked for the rest of the login transaction so that
-- concurrent attempts count exactly towards the lockout.
-- $1 text: login name
SELECT id::text AS id, login, active, password_hash, roles, locked_until IS NOT NULL AND locked_until > now() AS locked
FROM users WHERE lower(login) = lower($1)
FOR UPDATE
