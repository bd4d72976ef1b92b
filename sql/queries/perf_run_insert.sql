-- A new scoring run (a draft).
-- $1 text: jurisdiction, $2 text: period, $3 int: version, $4 bigint: revises (or NULL), $5 text: revision reason (or NULL),
-- $6 bigint: scheme id (NULL = shipped default), $7 int: scheme version, $8 jsonb: scheme, $9 timestamptz: computed at,
-- $10 bigint: user id, $11 text: user name
INSERT INTO performance_runs (jurisdiction_code, period, version, revises, revision_reason, scheme_id, scheme_version, scheme, computed_at, created_by, created_by_name)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING id::text
