-- The open running clocks a rule change can move (the scope of recompute_deadlines.sql), with the
-- inputs the deadline engine needs and the stored result — ONE tab-separated text per case (the
-- preview reads up to a million of them: one value per row parses several times faster than
-- seventeen typed ones). Fields, in order (empty = NULL; arrays as PostgreSQL text, e.g.
-- {2026-11-02,NULL}):
--   case_no, department_code, item_code, time_zone, clock_accepted, limit_value, limit_unit,
--   excluded_from, excluded_to, restart_requested, restart_supplied,
--   deadline_date, warning_from, yellow_from, red_from, level, next_transition_at (epoch ms), overdue_cards (t/f)
-- $1 text: jurisdiction code, $2 text: department code or NULL, $3 text: item code or NULL
SELECT concat_ws(E'\t', case_no, department_code, coalesce(item_code, ''), time_zone, clock_accepted, limit_value, limit_unit,
         coalesce(excluded_from::text, ''), coalesce(excluded_to::text, ''),
         coalesce(restart_requested::text, ''), coalesce(restart_supplied::text, ''),
         coalesce(deadline_date::text, ''), coalesce(warning_from::text, ''), coalesce(yellow_from::text, ''),
         coalesce(red_from::text, ''), level,
         coalesce((extract(epoch FROM next_transition_at) * 1000)::bigint::text, ''),
         CASE WHEN overdue_cards THEN 't' ELSE 'f' END) AS r
FROM case_clocks
WHERE jurisdiction_code = $1 AND clock_status = 'running' AND stage_watch IS NULL
  AND clock_accepted IS NOT NULL AND limit_value IS NOT NULL
  AND ($2::text IS NULL OR department_code = $2) AND ($3::text IS NULL OR item_code = $3)
