-- The jurisdiction a wall watches when none is configured: the deployment's top jurisdiction (one
-- without a parent in the table), the one with the most departments first, then by code.
-- (no parameters)
SELECT j.code
FROM jurisdictions j
WHERE j.parent_code IS NULL OR NOT EXISTS (SELECT 1 FROM jurisdictions p WHERE p.code = j.parent_code)
ORDER BY (SELECT count(*) FROM departments d WHERE d.jurisdiction_code = j.code) DESC, j.code
LIMIT 1
