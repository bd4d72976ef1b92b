-- Writes folded case states; rows whose state did not change are left untouched (no version bump).
-- $1 json: array of case rows (see workers/project.ts: CaseRow)
-- Returns the case numbers actually written.
INSERT INTO cases AS c (
  case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at, concluded_at,
  returned_at, result, certificate_no, fee_charged, supplement_count, suspended, joint_departments, handler,
  state, event_count, last_occurred_at, legal_limit, legal_unit, promised_limit, promised_unit,
  deadline_date, warning_from, yellow_from, red_from, level, next_transition_at, projected_at,
  jurisdiction_code, time_zone, overdue_cards, legal_deadline_date, clock_status, clock,
  clock_accepted, clock_start, limit_value, limit_unit, legal_limit_value, legal_limit_unit, excluded_from, excluded_to,
  restart_requested, restart_supplied, warning_offset, warning_share, yellow_offset, red_offset)
SELECT r.case_no, r.department_code, r.item_code, r.case_type, r.status, r.applicant, r.submitted_at, r.accepted_at,
       r.concluded_at, r.returned_at, r.result, r.certificate_no, r.fee_charged, r.supplement_count, r.suspended,
       r.joint_departments, r.handler, r.state, r.event_count, r.last_occurred_at, r.legal_limit, r.legal_unit,
       r.promised_limit, r.promised_unit, r.deadline_date, r.warning_from, r.yellow_from, r.red_from,
       coalesce(r.level, 'normal'), r.next_transition_at, now(),
       r.jurisdiction_code, r.time_zone, r.overdue_cards, r.legal_deadline_date, r.clock_status, r.clock,
       r.clock_accepted, r.clock_start, r.limit_value, r.limit_unit, r.legal_limit_value, r.legal_limit_unit, r.excluded_from,
       r.excluded_to, r.restart_requested, r.restart_supplied, r.warning_offset, r.warning_share, r.yellow_offset, r.red_offset
FROM json_to_recordset($1::json) AS r(
  case_no text, department_code text, item_code text, case_type text, status text, applicant jsonb,
  submitted_at timestamptz, accepted_at timestamptz, concluded_at timestamptz, returned_at timestamptz,
  result text, certificate_no text, fee_charged numeric, supplement_count int, suspended boolean,
  joint_departments text[], handler text, state jsonb, event_count int, last_occurred_at timestamptz,
  legal_limit int, legal_unit text, promised_limit int, promised_unit text, deadline_date date,
  warning_from date, yellow_from date, red_from date, level text, next_transition_at timestamptz,
  jurisdiction_code text, time_zone text, overdue_cards boolean, legal_deadline_date date, clock_status text, clock jsonb,
  clock_accepted date, clock_start date, limit_value int, limit_unit text, legal_limit_value int, legal_limit_unit text,
  excluded_from date[], excluded_to date[], restart_requested date[], restart_supplied date[], warning_offset int,
  warning_share numeric, yellow_offset int, red_offset int)
ON CONFLICT (case_no) DO UPDATE SET
  department_code = EXCLUDED.department_code, item_code = EXCLUDED.item_code, case_type = EXCLUDED.case_type,
  status = EXCLUDED.status, applicant = EXCLUDED.applicant, submitted_at = EXCLUDED.submitted_at,
  accepted_at = EXCLUDED.accepted_at, concluded_at = EXCLUDED.concluded_at, returned_at = EXCLUDED.returned_at,
  result = EXCLUDED.result, certificate_no = EXCLUDED.certificate_no, fee_charged = EXCLUDED.fee_charged,
  supplement_count = EXCLUDED.supplement_count, suspended = EXCLUDED.suspended,
  joint_departments = EXCLUDED.joint_departments, handler = EXCLUDED.handler, state = EXCLUDED.state,
  event_count = EXCLUDED.event_count, last_occurred_at = EXCLUDED.last_occurred_at,
  legal_limit = EXCLUDED.legal_limit, legal_unit = EXCLUDED.legal_unit, promised_limit = EXCLUDED.promised_limit,
  promised_unit = EXCLUDED.promised_unit, deadline_date = EXCLUDED.deadline_date, warning_from = EXCLUDED.warning_from,
  yellow_from = EXCLUDED.yellow_from, red_from = EXCLUDED.red_from, level = EXCLUDED.level,
  next_transition_at = EXCLUDED.next_transition_at, projected_at = now(), version = c.version + 1,
  jurisdiction_code = EXCLUDED.jurisdiction_code, time_zone = EXCLUDED.time_zone, overdue_cards = EXCLUDED.overdue_cards,
  legal_deadline_date = EXCLUDED.legal_deadline_date, clock_status = EXCLUDED.clock_status, clock = EXCLUDED.clock,
  clock_accepted = EXCLUDED.clock_accepted, clock_start = EXCLUDED.clock_start, limit_value = EXCLUDED.limit_value,
  limit_unit = EXCLUDED.limit_unit, legal_limit_value = EXCLUDED.legal_limit_value, legal_limit_unit = EXCLUDED.legal_limit_unit,
  excluded_from = EXCLUDED.excluded_from, excluded_to = EXCLUDED.excluded_to, restart_requested = EXCLUDED.restart_requested,
  restart_supplied = EXCLUDED.restart_supplied, warning_offset = EXCLUDED.warning_offset, warning_share = EXCLUDED.warning_share,
  yellow_offset = EXCLUDED.yellow_offset, red_offset = EXCLUDED.red_offset
WHERE c.state IS DISTINCT FROM EXCLUDED.state
   OR c.level IS DISTINCT FROM EXCLUDED.level
   OR c.deadline_date IS DISTINCT FROM EXCLUDED.deadline_date
   OR c.next_transition_at IS DISTINCT FROM EXCLUDED.next_transition_at
   OR c.clock IS DISTINCT FROM EXCLUDED.clock
   -- the clock's inputs (migration 025): rows projected before them get them on their next projection
   OR (c.clock_accepted, c.limit_value, c.limit_unit, c.legal_limit_value, c.legal_limit_unit, c.excluded_from, c.excluded_to,
       c.restart_requested, c.restart_supplied, c.warning_offset, c.warning_share, c.yellow_offset, c.red_offset)
      IS DISTINCT FROM
      (EXCLUDED.clock_accepted, EXCLUDED.limit_value, EXCLUDED.limit_unit, EXCLUDED.legal_limit_value, EXCLUDED.legal_limit_unit,
       EXCLUDED.excluded_from, EXCLUDED.excluded_to, EXCLUDED.restart_requested, EXCLUDED.restart_supplied,
       EXCLUDED.warning_offset, EXCLUDED.warning_share, EXCLUDED.yellow_offset, EXCLUDED.red_offset)
RETURNING case_no
