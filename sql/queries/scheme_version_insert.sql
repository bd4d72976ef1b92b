-- Appends a version of a scope's level scheme (migration 270): for every case (accepted_from NULL)
-- or for the cases accepted from a date; withdrawn: the scope's scheme removed for those cases.
-- Returns the new version's id.
-- $1 text: scope, $2 text: scope code, $3 int: warning offset (or NULL), $4 numeric: warning share (or NULL),
-- $5 int: yellow offset, $6 int: red offset, $7 jsonb: card rule switches, $8 text: by,
-- $9 date: accepted from (or NULL), $10 boolean: withdrawn
INSERT INTO level_schemes (scope, scope_code, warning_offset, warning_share, yellow_offset, red_offset, card_rules, updated_by, accepted_from, withdrawn)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id::text AS id
