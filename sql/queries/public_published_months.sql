-- Every month with a published (current) performance run in a jurisdiction, newest first.
-- $1 text: jurisdiction code
SELECT DISTINCT period FROM performance_runs
WHERE jurisdiction_code = $1 AND state = 'published' AND superseded_by IS NULL
ORDER BY period DESC
