-- Cases received this local month by case type, for a jurisdiction and everything under it.
-- $1 text: jurisdiction code, $2 timestamptz: start of the local month
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
)
SELECT case_type, count(*)::int AS n
FROM cases
WHERE coalesce(submitted_at, accepted_at) >= $2 AND case_type IS NOT NULL
  AND department_code IN (SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope))
GROUP BY case_type
