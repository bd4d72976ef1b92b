-- Appends a version of an item's limits (migration 320): for every case (accepted_from NULL; the
-- caller also writes the limits to the items row and passes the row's limits before as
-- base_before) or for the cases accepted from a date. Returns the new version's id.
-- $1 text: item code, $2 int: promised limit or NULL, $3 text: its unit, $4 int: legal limit or NULL,
-- $5 text: its unit, $6 date: accepted from (or NULL), $7 jsonb: base_before (or NULL), $8 text: by
INSERT INTO item_limit_versions (item_code, promised_limit, promised_unit, legal_limit, legal_unit, accepted_from, base_before, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id::text AS id
