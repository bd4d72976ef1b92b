-- The latest month with a published (current) performance run in a jurisdiction, or no row.
-- $1 text: jurisdiction code
SELECT max(period) AS period FROM performance_runs
WHERE jurisdiction_code = $1 AND state = 'published' AND superseded_by IS NULL
HAVING max(period) IS NOT NULL
