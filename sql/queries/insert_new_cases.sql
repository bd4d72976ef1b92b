-- Writes the rows of cases new to the store (no case row yet; the projection holds their locks),
-- once each: the clock and the case row in one statement, plain inserts. The database's AFTER
-- triggers run at the end of the statement and see both rows: the cases trigger writes each new
-- case's statistics facts with its clock's level and deadline (stat_case_facts_from_cases,
-- migration 150), where a clock written by a later statement updated the facts just inserted (and
-- their count, group and wall deltas) again. The wall's open counts (090) and the clock's key to its
-- case are checked as before. Existing cases go through upsert_cases.sql and upsert_case_clocks.sql.
-- $1 jsonb: array of case rows (workers/project.ts: CaseRow), $2 json: their clock rows (CaseClockRow).
-- The case rows are read as jsonb: their `state` is then parsed once, not scanned as json and parsed
-- again as jsonb (−26 % for parsing a 1,000-event job's 150 rows, 370 kB, alternated); the clock
-- rows, many short columns and arrays, parse faster as json (jsonb +68 %).
-- Returns the case numbers written.
WITH k AS (
  INSERT INTO case_clocks (
    case_no, jurisdiction_code, department_code, item_code, time_zone, overdue_cards, clock_status, level, next_transition_at,
    deadline_date, legal_deadline_date, warning_from, yellow_from, red_from, stage_warning_from, stage_watch, provisional, stop,
    clock_accepted, clock_start, limit_value, limit_unit, legal_limit_value, legal_limit_unit, excluded_from, excluded_to,
    restart_requested, restart_supplied, warning_offset, warning_share, yellow_offset, red_offset)
  SELECT r.case_no, r.jurisdiction_code, r.department_code, r.item_code, r.time_zone, r.overdue_cards, r.clock_status,
         coalesce(r.level, 'normal'), r.next_transition_at, r.deadline_date, r.legal_deadline_date, r.warning_from, r.yellow_from,
         r.red_from, r.stage_warning_from, r.stage_watch, r.provisional, r.stop,
         r.clock_accepted, r.clock_start, r.limit_value, r.limit_unit, r.legal_limit_value, r.legal_limit_unit, r.excluded_from,
         r.excluded_to, r.restart_requested, r.restart_supplied, r.warning_offset, r.warning_share, r.yellow_offset, r.red_offset
  FROM json_to_recordset($2::json) AS r(
    case_no text, jurisdiction_code text, department_code text, item_code text, time_zone text, overdue_cards boolean,
    clock_status text, level text, next_transition_at timestamptz, deadline_date date, legal_deadline_date date,
    warning_from date, yellow_from date, red_from date, stage_warning_from date, stage_watch jsonb, provisional boolean, stop jsonb,
    clock_accepted date, clock_start date, limit_value int, limit_unit text, legal_limit_value int, legal_limit_unit text,
    excluded_from date[], excluded_to date[], restart_requested date[], restart_supplied date[], warning_offset int,
    warning_share numeric, yellow_offset int, red_offset int)
), c AS (
  INSERT INTO cases (
    case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at, concluded_at,
    returned_at, result, certificate_no, fee_charged, supplement_count, suspended, joint_departments, handler,
    state, event_count, last_occurred_at, legal_limit, legal_unit, promised_limit, promised_unit, projected_at,
    jurisdiction_code, fold_cursor)
  SELECT r.case_no, r.department_code, r.item_code, r.case_type, r.status, r.applicant, r.submitted_at, r.accepted_at,
         r.concluded_at, r.returned_at, r.result, r.certificate_no, r.fee_charged, r.supplement_count, r.suspended,
         r.joint_departments, r.handler, r.state, r.event_count, r.last_occurred_at, r.legal_limit, r.legal_unit,
         r.promised_limit, r.promised_unit, now(), r.jurisdiction_code, r.fold_cursor
  FROM jsonb_to_recordset($1::jsonb) AS r(
    case_no text, department_code text, item_code text, case_type text, status text, applicant jsonb,
    submitted_at timestamptz, accepted_at timestamptz, concluded_at timestamptz, returned_at timestamptz,
    result text, certificate_no text, fee_charged numeric, supplement_count int, suspended boolean,
    joint_departments text[], handler text, state jsonb, event_count int, last_occurred_at timestamptz,
    legal_limit int, legal_unit text, promised_limit int, promised_unit text, jurisdiction_code text, fold_cursor jsonb)
  RETURNING case_no
)
SELECT case_no FROM c
