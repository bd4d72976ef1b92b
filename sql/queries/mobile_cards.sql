-- Active yellow/red cards (not revoked) in the user's scope, newest first (mobile 红黄牌).
-- $1 bigint: user id, $2 text: department filter or NULL, $3 text: colour filter or NULL, $4 int: limit
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.id::text AS id, c.subject, c.subject_no, c.department_code, d.name AS department_name, c.color, c.rule, c.reason,
       c.issued_by <> 'system' AS manual, coalesce(c.effective_at, c.issued_at) AS issued_at, count(*) OVER () AS total
FROM cards c
CROSS JOIN scope
LEFT JOIN departments d ON d.code = c.department_code
WHERE c.department_code = ANY (scope.codes) AND c.color IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id)
  AND ($2::text IS NULL OR c.department_code = $2)
  AND ($3::text IS NULL OR c.color = $3)
ORDER BY c.id DESC
LIMIT $4
