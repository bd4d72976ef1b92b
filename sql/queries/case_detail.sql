-- One case with its stages, if the user may see it (department scope enforced here), with the names of
-- its department and item and the limits its clock uses (the item's unless the acceptance overrode them).
-- $1 bigint: user id
-- $2 text: case number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.case_no, c.department_code, d.name AS department_name, c.jurisdiction_code, c.item_code, i.name AS item_name, c.case_type, c.status, coalesce(k.level, 'normal') AS level, c.applicant,
       c.submitted_at, c.accepted_at, c.concluded_at, c.returned_at, c.result, c.certificate_no,
       c.fee_charged::float8 AS fee_charged, c.supplement_count, c.suspended, c.joint_departments, c.handler,
       c.legal_limit, c.legal_unit, c.promised_limit, c.promised_unit,
       k.deadline_date::text AS deadline_date, k.legal_deadline_date::text AS legal_deadline_date,
       k.warning_from::text AS warning_from, k.yellow_from::text AS yellow_from, k.red_from::text AS red_from,
       -- the highest active card (manual ones included): shown beside the clock's level
       (SELECT CASE WHEN bool_or(kc.color = 'red') THEN 'red' WHEN bool_or(kc.color = 'yellow') THEN 'yellow' END
        FROM cards kc WHERE kc.subject = 'case' AND kc.subject_no = c.case_no AND kc.color IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM cards rc WHERE rc.revokes = kc.id)) AS card_color,
       k.clock_status, k.limit_value, k.limit_unit, k.legal_limit_value, k.legal_limit_unit,
       -- the compact clock, from the columns (the day-by-day account is GET …/explain)
       CASE WHEN k.case_no IS NOT NULL THEN json_build_object(
         'status', k.clock_status,
         'limit', CASE WHEN k.limit_value IS NOT NULL THEN json_build_object('value', k.limit_value, 'unit', k.limit_unit) END,
         'legalLimit', CASE WHEN k.legal_limit_value IS NOT NULL THEN json_build_object('value', k.legal_limit_value, 'unit', k.legal_limit_unit) END,
         'startDate', k.clock_start, 'deadlineDate', k.deadline_date, 'legalDeadlineDate', k.legal_deadline_date,
         'warningFrom', k.warning_from, 'yellowFrom', k.yellow_from, 'redFrom', k.red_from, 'stop', k.stop,
         'provisional', k.provisional, 'stageWarningFrom', k.stage_warning_from, 'stages', k.stage_watch -> 'stages') END AS clock,
       c.state, c.event_count, c.last_occurred_at, c.projected_at,
       coalesce((SELECT json_agg(json_build_object('seq', s.seq, 'stage', s.stage, 'at', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'handler', s.handler,
                                                   'opinion', s.opinion, 'departmentCode', s.department_code, 'eventId', s.event_id)
                                 ORDER BY s.seq)
                 FROM case_stages s WHERE s.case_no = c.case_no), '[]'::json) AS stages
FROM cases c LEFT JOIN case_clocks k USING (case_no) LEFT JOIN departments d ON d.code = c.department_code
  LEFT JOIN items i ON i.code = c.item_code, scope
WHERE c.case_no = $2
  AND (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
