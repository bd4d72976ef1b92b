-- A draft run recomputed from the facts (with the scheme that applies now).
-- $1 bigint: run id, $2 bigint: scheme id (or NULL), $3 int: scheme version, $4 jsonb: scheme, $5 timestamptz: computed at
UPDATE performance_runs SET scheme_id = $2, scheme_version = $3, scheme = $4, computed_at = $5 WHERE id = $1
