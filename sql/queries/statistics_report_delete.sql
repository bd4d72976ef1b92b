-- Deletes a custom report of its owner; returns it (nothing when not theirs or absent).
-- $1 bigint: report id
-- $2 bigint: owner id
DELETE FROM statistics_reports WHERE id = $1 AND owner_id = $2
RETURNING id::text, name, definition, shared_roles
