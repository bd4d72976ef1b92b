-- Writes the clocks of projected cases (migration 040); rows whose clock did not change are left
-- untouched. Runs after upsert_cases.sql in the same transaction (the case row must exist).
-- $1 json: array of clock rows (see workers/project.ts: CaseClockRow)
-- Returns the case numbers actually written.
INSERT INTO case_clocks AS k (
  case_no, jurisdiction_code, department_code, item_code, time_zone, overdue_cards, clock_status, level, next_transition_at,
  deadline_date, legal_deadline_date, warning_from, yellow_from, red_from, stage_warning_from, stage_watch, provisional, stop,
  clock_accepted, clock_start, limit_value, limit_unit, legal_limit_value, legal_limit_unit, excluded_from, excluded_to,
  restart_requested, restart_supplied, warning_offset, warning_share, yellow_offset, red_offset)
SELECT r.case_no, r.jurisdiction_code, r.department_code, r.item_code, r.time_zone, r.overdue_cards, r.clock_status,
       coalesce(r.level, 'normal'), r.next_transition_at, r.deadline_date, r.legal_deadline_date, r.warning_from, r.yellow_from,
       r.red_from, r.stage_warning_from, r.stage_watch, r.provisional, r.stop,
       r.clock_accepted, r.clock_start, r.limit_value, r.limit_unit, r.legal_limit_value, r.legal_limit_unit, r.excluded_from,
       r.excluded_to, r.restart_requested, r.restart_supplied, r.warning_offset, r.warning_share, r.yellow_offset, r.red_offset
FROM json_to_recordset($1::json) AS r(
  case_no text, jurisdiction_code text, department_code text, item_code text, time_zone text, overdue_cards boolean,
  clock_status text, level text, next_transition_at timestamptz, deadline_date date, legal_deadline_date date,
  warning_from date, yellow_from date, red_from date, stage_warning_from date, stage_watch jsonb, provisional boolean, stop jsonb,
  clock_accepted date, clock_start date, limit_value int, limit_unit text, legal_limit_value int, legal_limit_unit text,
  excluded_from date[], excluded_to date[], restart_requested date[], restart_supplied date[], warning_offset int,
  warning_share numeric, yellow_offset int, red_offset int)
ON CONFLICT (case_no) DO UPDATE SET
  jurisdiction_code = EXCLUDED.jurisdiction_code, department_code = EXCLUDED.department_code, item_code = EXCLUDED.item_code,
  time_zone = EXCLUDED.time_zone, overdue_cards = EXCLUDED.overdue_cards, clock_status = EXCLUDED.clock_status,
  level = EXCLUDED.level, next_transition_at = EXCLUDED.next_transition_at, deadline_date = EXCLUDED.deadline_date,
  legal_deadline_date = EXCLUDED.legal_deadline_date, warning_from = EXCLUDED.warning_from, yellow_from = EXCLUDED.yellow_from,
  red_from = EXCLUDED.red_from, stage_warning_from = EXCLUDED.stage_warning_from, stage_watch = EXCLUDED.stage_watch,
  provisional = EXCLUDED.provisional, stop = EXCLUDED.stop,
  clock_accepted = EXCLUDED.clock_accepted, clock_start = EXCLUDED.clock_start, limit_value = EXCLUDED.limit_value,
  limit_unit = EXCLUDED.limit_unit, legal_limit_value = EXCLUDED.legal_limit_value, legal_limit_unit = EXCLUDED.legal_limit_unit,
  excluded_from = EXCLUDED.excluded_from, excluded_to = EXCLUDED.excluded_to, restart_requested = EXCLUDED.restart_requested,
  restart_supplied = EXCLUDED.restart_supplied, warning_offset = EXCLUDED.warning_offset, warning_share = EXCLUDED.warning_share,
  yellow_offset = EXCLUDED.yellow_offset, red_offset = EXCLUDED.red_offset, version = k.version + 1
WHERE (k.jurisdiction_code, k.department_code, k.item_code, k.time_zone, k.overdue_cards, k.clock_status, k.level,
       k.next_transition_at, k.deadline_date, k.legal_deadline_date, k.warning_from, k.yellow_from, k.red_from,
       k.stage_warning_from, k.stage_watch, k.provisional, k.stop, k.clock_accepted, k.clock_start, k.limit_value, k.limit_unit,
       k.legal_limit_value, k.legal_limit_unit, k.excluded_from, k.excluded_to, k.restart_requested, k.restart_supplied,
       k.warning_offset, k.warning_share, k.yellow_offset, k.red_offset)
      IS DISTINCT FROM
      (EXCLUDED.jurisdiction_code, EXCLUDED.department_code, EXCLUDED.item_code, EXCLUDED.time_zone, EXCLUDED.overdue_cards,
       EXCLUDED.clock_status, EXCLUDED.level, EXCLUDED.next_transition_at, EXCLUDED.deadline_date, EXCLUDED.legal_deadline_date,
       EXCLUDED.warning_from, EXCLUDED.yellow_from, EXCLUDED.red_from, EXCLUDED.stage_warning_from, EXCLUDED.stage_watch,
       EXCLUDED.provisional, EXCLUDED.stop, EXCLUDED.clock_accepted, EXCLUDED.clock_start, EXCLUDED.limit_value,
       EXCLUDED.limit_unit, EXCLUDED.legal_limit_value, EXCLUDED.legal_limit_unit, EXCLUDED.excluded_from, EXCLUDED.excluded_to,
       EXCLUDED.restart_requested, EXCLUDED.restart_supplied, EXCLUDED.warning_offset, EXCLUDED.warning_share,
       EXCLUDED.yellow_offset, EXCLUDED.red_offset)
RETURNING case_no
