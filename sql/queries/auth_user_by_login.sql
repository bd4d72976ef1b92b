-- An active user by login name (case-insensitive), for single sign-on.
-- $1 text: login name
SELECT id::text AS id, login, roles FROM users WHERE lower(login) = lower($1) AND active
