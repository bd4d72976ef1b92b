-- Locks one run for a workflow step, when the user sees at least one department of its jurisdiction.
-- $1 bigint: user id, $2 bigint: run id
SELECT r.id::text, r.jurisdiction_code, r.period, r.version, r.state, r.scheme, r.submitted_by::text, j.time_zone
FROM performance_runs r
JOIN jurisdictions j ON j.code = r.jurisdiction_code
WHERE r.id = $2
  AND EXISTS (SELECT 1 FROM departments d WHERE d.jurisdiction_code = r.jurisdiction_code AND d.code = ANY (visible_departments($1)))
FOR UPDATE OF r
