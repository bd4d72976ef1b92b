-- One petition for the approval module, if it belongs to the user's departments (department scope
-- enforced here), with its text and the latest answer given (read from the events, so an answer
-- shows before the projection has run).
-- $1 bigint: user id
-- $2 text: petition number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT p.petition_no, p.department_code, coalesce(d.short_name, d.name) AS department_name,
       p.petition_kind, p.channel, p.status, p.level, p.citizen,
       p.state ->> 'subject' AS subject, p.received_at, p.deadline_date::text AS deadline_date,
       r.body ->> 'reply' AS answer, r.body ->> 'handler' AS answer_handler, r.occurred_at AS answered_at, r.source AS answer_source
FROM petitions p
CROSS JOIN scope
LEFT JOIN departments d ON d.code = p.department_code
LEFT JOIN LATERAL (
  SELECT e.body, e.occurred_at, e.source FROM events e
  WHERE e.petition_no = p.petition_no AND e.kind = 'petition.replied'
  ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1
) r ON true
WHERE p.petition_no = $2
  AND p.department_code = ANY (scope.codes)
