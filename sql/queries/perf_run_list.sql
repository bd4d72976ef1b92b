-- Runs the user may see, newest period and version first, with their department and failing counts.
-- $1 bigint: user id, $2 text: jurisdiction (or NULL), $3 text: period (or NULL)
SELECT r.id::text, r.jurisdiction_code, r.period, r.version, r.revises::text, r.revision_reason, r.state, r.scheme_version,
       r.computed_at, r.created_by_name, r.submitted_at, r.approved_at, r.published_at, r.superseded_by::text,
       (SELECT count(*)::int FROM performance_scores s WHERE s.run_id = r.id) AS departments,
       (SELECT count(*)::int FROM performance_scores s WHERE s.run_id = r.id AND s.grade = 'fail') AS failing
FROM performance_runs r
WHERE ($2::text IS NULL OR r.jurisdiction_code = $2) AND ($3::text IS NULL OR r.period = $3)
  AND EXISTS (SELECT 1 FROM departments d WHERE d.jurisdiction_code = r.jurisdiction_code AND d.code = ANY (visible_departments($1)))
ORDER BY r.period DESC, r.version DESC
LIMIT 200
