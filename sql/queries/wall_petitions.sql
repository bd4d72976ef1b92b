-- Open (not closed) petitions by kind and level, for a jurisdiction and everything under it.
-- $1 text: jurisdiction code
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
)
SELECT petition_kind AS kind, level, count(*)::int AS n
FROM petitions
WHERE closed_at IS NULL AND petition_kind IS NOT NULL
  AND department_code IN (SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope))
GROUP BY 1, 2
