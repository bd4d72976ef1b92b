-- One case with its stages, if the user may see it (department scope enforced here).
-- $1 bigint: user id
-- $2 text: case number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.case_no, c.department_code, c.jurisdiction_code, c.item_code, c.case_type, c.status, c.level, c.applicant,
       c.submitted_at, c.accepted_at, c.concluded_at, c.returned_at, c.result, c.certificate_no,
       c.fee_charged::float8 AS fee_charged, c.supplement_count, c.suspended, c.joint_departments, c.handler,
       c.legal_limit, c.legal_unit, c.promised_limit, c.promised_unit,
       c.deadline_date::text AS deadline_date, c.legal_deadline_date::text AS legal_deadline_date,
       c.warning_from::text AS warning_from, c.yellow_from::text AS yellow_from, c.red_from::text AS red_from,
       c.clock_status, c.clock, c.state, c.event_count, c.last_occurred_at, c.projected_at,
       coalesce((SELECT json_agg(json_build_object('seq', s.seq, 'stage', s.stage, 'at', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'handler', s.handler,
                                                   'opinion', s.opinion, 'departmentCode', s.department_code, 'eventId', s.event_id)
                                 ORDER BY s.seq)
                 FROM case_stages s WHERE s.case_no = c.case_no), '[]'::json) AS stages
FROM cases c, scope
WHERE c.case_no = $2
  AND (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
