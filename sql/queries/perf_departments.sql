-- The departments scored in a jurisdiction: active ones, with their kind (peer group default).
-- $1 text: jurisdiction code
SELECT code, coalesce(short_name, name) AS name, kind
FROM departments
WHERE jurisdiction_code = $1 AND active
ORDER BY sort_order, code
