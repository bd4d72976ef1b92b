-- One petition, if the user may see it (department scope enforced here).
-- $1 bigint: user id
-- $2 text: petition number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT p.petition_no, p.department_code, p.jurisdiction_code, p.petition_kind, p.channel, p.status, p.level, p.citizen,
       p.received_at, p.acknowledged_at, p.replied_at, p.closed_at, p.rating,
       p.deadline_date::text AS deadline_date, p.warning_from::text AS warning_from, p.yellow_from::text AS yellow_from,
       p.red_from::text AS red_from, p.clock, p.state, p.event_count, p.last_occurred_at, p.projected_at
FROM petitions p, scope
WHERE p.petition_no = $2
  AND p.department_code = ANY (scope.codes)
