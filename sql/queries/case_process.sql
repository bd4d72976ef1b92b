-- Every step of one case (process query): each stored event in the order it happened, with its
-- handler, opinion/reason, the limit it carries and its local date in the case's zone (the server
-- counts working days between them with the jurisdiction's calendar). Only if the user may see the
-- case (department scope enforced here). Personal data in event bodies (the applicant) is not selected.
-- $1 bigint: user id
-- $2 text: case number
WITH scope AS (SELECT visible_departments($1) AS codes),
     c AS (
       SELECT c.case_no, c.department_code AS case_department, c.item_code, coalesce(k.time_zone, 'Asia/Shanghai') AS time_zone,
              (c.accepted_at AT TIME ZONE coalesce(k.time_zone, 'Asia/Shanghai'))::date AS accepted_day
       FROM cases c LEFT JOIN case_clocks k USING (case_no), scope
       WHERE c.case_no = $2 AND (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
     ),
     steps AS (
       SELECT e.seq, e.event_id, e.source, e.kind, e.occurred_at, e.department_code,
              e.body ->> 'stage' AS stage,
              coalesce(e.body ->> 'handler', e.body ->> 'approver') AS handler,
              coalesce(e.body ->> 'opinion', e.body ->> 'reason') AS opinion,
              e.body ->> 'decision' AS decision,
              e.body ->> 'result' AS result,
              coalesce(e.body -> 'stageLimit', e.body -> 'promisedLimit', e.body -> 'legalLimit') AS step_limit,
              e.body -> 'materials' AS materials,
              e.body ->> 'procedure' AS procedure,
              (e.body ->> 'expectedDays')::int AS expected_days,
              coalesce((e.body ->> 'amount')::numeric, (e.body ->> 'fee')::numeric)::float8 AS amount,
              (e.occurred_at AT TIME ZONE c.time_zone)::date AS local_day,
              c.case_department, c.item_code, c.accepted_day
       FROM events e JOIN c ON e.case_no = c.case_no
     )
SELECT seq, event_id, source, kind, occurred_at, department_code, stage, handler, opinion, decision, result, step_limit,
       materials, procedure, expected_days, amount, local_day::text AS local_day, accepted_day::text AS accepted_day,
       case_department, item_code
FROM steps
ORDER BY occurred_at, seq
