-- One run, when the user sees at least one department of its jurisdiction.
-- $1 bigint: user id, $2 bigint: run id
SELECT r.id::text, r.jurisdiction_code, r.period, r.version, r.revises::text, r.revision_reason, r.state, r.scheme_id::text, r.scheme_version, r.scheme,
       r.computed_at, r.created_by::text, r.created_by_name, r.created_at, r.submitted_by::text, r.submitted_at, r.approved_by::text, r.approved_at,
       r.published_by::text, r.published_at, r.superseded_by::text, j.time_zone
FROM performance_runs r
JOIN jurisdictions j ON j.code = r.jurisdiction_code
WHERE r.id = $2
  AND EXISTS (SELECT 1 FROM departments d WHERE d.jurisdiction_code = r.jurisdiction_code AND d.code = ANY (visible_departments($1)))
