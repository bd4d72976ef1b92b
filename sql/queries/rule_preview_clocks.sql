-- The open running clocks a rule change can move (the scope of recompute_deadlines.sql), with the
-- inputs the deadline engine needs and the stored result — ONE tab-separated text per case (the
-- preview reads up to a million of them: one value per row parses several times faster than
-- seventeen typed ones). Fields, in order (empty = NULL; arrays as PostgreSQL text, e.g.
-- {2026-11-02,NULL}):
--   case_no, department_code, item_code, time_zone, clock_accepted, limit_value, limit_unit,
--   excluded_from, excluded_to, restart_requested, restart_supplied,
--   deadline_date, warning_from, yellow_from, red_from, level, next_transition_at (epoch ms), overdue_cards (t/f)
-- Read with COPY (…) TO STDOUT by sql/openClocks.ts, which streams the lines into the what-if as
-- they come; COPY takes no bind parameters, so the scope is in the session's settings
-- rule_preview.jurisdiction, rule_preview.department and rule_preview.item (empty: any), set by
-- rule_preview_scope.sql just before.
SELECT concat_ws(E'\t', case_no, department_code, coalesce(item_code, ''), time_zone, clock_accepted, limit_value, limit_unit,
         coalesce(excluded_from::text, ''), coalesce(excluded_to::text, ''),
         coalesce(restart_requested::text, ''), coalesce(restart_supplied::text, ''),
         coalesce(deadline_date::text, ''), coalesce(warning_from::text, ''), coalesce(yellow_from::text, ''),
         coalesce(red_from::text, ''), level,
         coalesce((extract(epoch FROM next_transition_at) * 1000)::bigint::text, ''),
         CASE WHEN overdue_cards THEN 't' ELSE 'f' END) AS r
FROM case_clocks
WHERE jurisdiction_code = current_setting('rule_preview.jurisdiction', true) AND clock_status = 'running' AND stage_watch IS NULL
  AND clock_accepted IS NOT NULL AND limit_value IS NOT NULL
  AND (coalesce(current_setting('rule_preview.department', true), '') = '' OR department_code = current_setting('rule_preview.department', true))
  AND (coalesce(current_setting('rule_preview.item', true), '') = '' OR item_code = current_setting('rule_preview.item', true))
