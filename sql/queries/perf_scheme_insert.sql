-- A new scheme version for a jurisdiction (version = last + 1).
-- $1 text: jurisdiction code, $2 text: valid from (YYYY-MM), $3 jsonb: definition, $4 text: note, $5 bigint: user id, $6 text: user name
INSERT INTO performance_schemes (jurisdiction_code, version, valid_from, definition, note, created_by, created_by_name)
SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM performance_schemes WHERE jurisdiction_code = $1
RETURNING id::text, version, valid_from, definition, note, created_at, created_by_name
