-- Writes a draft run's department scores (insert or replace), from a JSON array of rows.
-- $1 bigint: run id, $2 jsonb: [{department_code, department_name, peer_group, score, grade, rank, volume, insufficient, computed, scorecard}]
INSERT INTO performance_scores (run_id, department_code, department_name, peer_group, score, grade, rank, volume, insufficient, computed, scorecard)
SELECT $1, x.department_code, x.department_name, x.peer_group, x.score, x.grade, x.rank, x.volume, x.insufficient, x.computed, x.scorecard
FROM jsonb_to_recordset($2) AS x(department_code text, department_name text, peer_group text, score numeric, grade text, rank int, volume int,
                                 insufficient boolean, computed jsonb, scorecard jsonb)
ON CONFLICT (run_id, department_code) DO UPDATE SET
  department_name = EXCLUDED.department_name, peer_group = EXCLUDED.peer_group, score = EXCLUDED.score, grade = EXCLUDED.grade,
  rank = EXCLUDED.rank, volume = EXCLUDED.volume, insufficient = EXCLUDED.insufficient, computed = EXCLUDED.computed, scorecard = EXCLUDED.scorecard
