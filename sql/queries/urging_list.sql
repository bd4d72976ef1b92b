-- Urgings in the user's department scope, newest first, with their reply count and last reply.
-- $1 bigint: user id, $2 text: department filter or NULL, $3 text: case no filter or NULL,
-- $4 boolean: only unanswered, $5 int: limit, $6 int: offset
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT g.id::text AS id, g.subject, g.case_no, g.department_code, d.name AS department_name, g.message,
       g.created_by_name, g.created_at,
       (SELECT count(*)::int FROM urging_replies r WHERE r.urging_id = g.id) AS reply_count,
       (SELECT max(r.replied_at) FROM urging_replies r WHERE r.urging_id = g.id) AS last_reply_at,
       count(*) OVER () AS total
FROM urgings g CROSS JOIN scope JOIN departments d ON d.code = g.department_code
WHERE g.department_code = ANY (scope.codes)
  AND ($2::text IS NULL OR g.department_code = $2)
  AND ($3::text IS NULL OR g.case_no = $3)
  AND (NOT $4 OR NOT EXISTS (SELECT 1 FROM urging_replies r WHERE r.urging_id = g.id))
ORDER BY g.id DESC
LIMIT $5 OFFSET $6
