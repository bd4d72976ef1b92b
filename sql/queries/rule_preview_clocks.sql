-- The open running clocks a rule change can move (the scope of recompute_deadlines.sql), with the
-- inputs the deadline engine needs and the stored result, local dates as text.
-- $1 text: jurisdiction code, $2 text: department code or NULL, $3 text: item code or NULL
SELECT case_no, department_code, item_code, time_zone, clock_accepted::text AS accepted,
       limit_value, limit_unit,
       excluded_from::text[] AS excluded_from, excluded_to::text[] AS excluded_to,
       restart_requested::text[] AS restart_requested, restart_supplied::text[] AS restart_supplied,
       deadline_date::text AS deadline_date, warning_from::text AS warning_from, yellow_from::text AS yellow_from,
       red_from::text AS red_from, level, (extract(epoch FROM next_transition_at) * 1000)::float8 AS next_ms, overdue_cards
FROM case_clocks
WHERE jurisdiction_code = $1 AND clock_status = 'running' AND stage_watch IS NULL
  AND clock_accepted IS NOT NULL AND limit_value IS NOT NULL
  AND ($2::text IS NULL OR department_code = $2) AND ($3::text IS NULL OR item_code = $3)
