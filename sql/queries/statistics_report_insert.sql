-- Saves a custom report.
-- $1 text: name
-- $2 jsonb: definition
-- $3 text[]: roles it is shared with
-- $4 bigint: owner id
-- $5 text: owner login
INSERT INTO statistics_reports (name, definition, shared_roles, owner_id, owner_login) VALUES ($1, $2::jsonb, $3, $4, $5)
RETURNING id::text, name, definition, shared_roles, owner_login, created_at, updated_at
