-- Every scheme version of a jurisdiction, newest first.
-- $1 text: jurisdiction code
SELECT id::text, version, valid_from, definition, note, created_at, created_by_name
FROM performance_schemes
WHERE jurisdiction_code = $1
ORDER BY version DESC
