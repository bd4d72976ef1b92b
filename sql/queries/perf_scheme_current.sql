-- The scheme version that applies to a jurisdiction's month: the latest version valid from that month or before (none → shipped default).
-- $1 text: jurisdiction code, $2 text: period (YYYY-MM)
SELECT id::text, version, valid_from, definition, note, created_at, created_by_name
FROM performance_schemes
WHERE jurisdiction_code = $1 AND valid_from <= $2
ORDER BY valid_from DESC, version DESC
LIMIT 1
