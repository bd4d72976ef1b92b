-- The jurisdiction the public site shows when none is asked for: the one with most active departments.
-- (no parameters)
SELECT jurisdiction_code AS code FROM departments WHERE active
GROUP BY jurisdiction_code ORDER BY count(*) DESC, jurisdiction_code LIMIT 1
