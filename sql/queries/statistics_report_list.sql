-- Custom reports a user may open: their own and those shared with one of their roles.
-- $1 bigint: user id
-- $2 text[]: the user's roles
SELECT id::text, name, definition, shared_roles, owner_login, created_at, updated_at
FROM statistics_reports WHERE owner_id = $1 OR shared_roles && $2::text[]
ORDER BY name, id
