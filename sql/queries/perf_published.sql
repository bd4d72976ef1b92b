-- The published, current (not superseded) runs of a jurisdiction for some months, with their scores.
-- $1 text: jurisdiction, $2 text[]: periods (YYYY-MM)
SELECT r.id::text AS run_id, r.period, r.version, r.revision_reason, r.published_at, r.scheme,
       s.department_code, s.department_name, s.peer_group, s.score::float8 AS score, s.grade, s.rank, s.volume, s.insufficient, s.scorecard
FROM performance_runs r
JOIN performance_scores s ON s.run_id = r.id
WHERE r.jurisdiction_code = $1 AND r.period = ANY ($2) AND r.state = 'published' AND r.superseded_by IS NULL
ORDER BY r.period, s.peer_group, s.rank NULLS LAST, s.score DESC, s.department_code
