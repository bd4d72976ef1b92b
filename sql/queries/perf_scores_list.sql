-- A run's department scores (the corrected scorecard; the computed one when $2).
-- $1 bigint: run id, $2 boolean: also the computed scorecards
SELECT department_code, department_name, peer_group, score::float8 AS score, grade, rank, volume, insufficient, scorecard,
       CASE WHEN $2 THEN computed END AS computed
FROM performance_scores WHERE run_id = $1
ORDER BY peer_group, rank NULLS LAST, score DESC, department_code
