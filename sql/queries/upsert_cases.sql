-- Writes folded case states; rows whose state did not change are left untouched (no version bump).
-- The clock goes to case_clocks (upsert_case_clocks.sql).
-- $1 jsonb: array of case rows (see workers/project.ts: CaseRow), with the fold's cursor (migration 360), read as jsonb
-- (the state parsed once: see insert_new_cases.sql)
-- Returns the case numbers actually written.
INSERT INTO cases AS c (
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
ON CONFLICT (case_no) DO UPDATE SET
  department_code = EXCLUDED.department_code, item_code = EXCLUDED.item_code, case_type = EXCLUDED.case_type,
  status = EXCLUDED.status, applicant = EXCLUDED.applicant, submitted_at = EXCLUDED.submitted_at,
  accepted_at = EXCLUDED.accepted_at, concluded_at = EXCLUDED.concluded_at, returned_at = EXCLUDED.returned_at,
  result = EXCLUDED.result, certificate_no = EXCLUDED.certificate_no, fee_charged = EXCLUDED.fee_charged,
  supplement_count = EXCLUDED.supplement_count, suspended = EXCLUDED.suspended,
  joint_departments = EXCLUDED.joint_departments, handler = EXCLUDED.handler, state = EXCLUDED.state,
  event_count = EXCLUDED.event_count, last_occurred_at = EXCLUDED.last_occurred_at,
  legal_limit = EXCLUDED.legal_limit, legal_unit = EXCLUDED.legal_unit, promised_limit = EXCLUDED.promised_limit,
  promised_unit = EXCLUDED.promised_unit, projected_at = now(), version = c.version + 1,
  jurisdiction_code = EXCLUDED.jurisdiction_code, fold_cursor = EXCLUDED.fold_cursor
WHERE c.state IS DISTINCT FROM EXCLUDED.state
   OR c.jurisdiction_code IS DISTINCT FROM EXCLUDED.jurisdiction_code
   OR c.fold_cursor IS DISTINCT FROM EXCLUDED.fold_cursor
RETURNING case_no
