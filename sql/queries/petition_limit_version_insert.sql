-- Appends a version of a petition limit (migration 320): for every petition (accepted_from NULL,
-- with the petition_limits row's value before in base_before; the caller also upserts the row) or
-- for the petitions received from a date. Returns the new version.
-- $1 text: jurisdiction code, $2 text: kind, $3 text: stage, $4 int: limit, $5 text: unit,
-- $6 date: accepted from (or NULL), $7 jsonb: base_before (or NULL), $8 text: by
INSERT INTO petition_limit_versions (jurisdiction_code, petition_kind, stage, limit_value, limit_unit, accepted_from, base_before, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id::text AS id, jurisdiction_code, petition_kind, stage, limit_value, limit_unit, to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from
