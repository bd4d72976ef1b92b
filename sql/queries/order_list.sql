-- Orders in the user's department scope, newest first, with the number of steps and the last step.
-- $1 bigint: user id, $2 text: state filter or NULL, $3 text: department filter or NULL,
-- $4 boolean: only those awaiting an instruction (appealed), $5 text: level filter or NULL,
-- $6 int: limit, $7 int: offset
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT o.id::text AS id, o.order_no, o.department_code, d.name AS department_name, o.case_no, o.opinion,
       o.responsible_user_id::text AS responsible_user_id, ru.display_name AS responsible_name,
       o.due_working_days, to_char(o.due_date, 'YYYY-MM-DD') AS due_date, o.state, o.level, o.created_by_name, o.created_at,
       (SELECT max(s.at) FROM supervision_order_steps s WHERE s.order_id = o.id) AS last_step_at,
       count(*) OVER () AS total
FROM supervision_orders o
CROSS JOIN scope
JOIN departments d ON d.code = o.department_code
JOIN users ru ON ru.id = o.responsible_user_id
WHERE o.department_code = ANY (scope.codes)
  AND ($2::text IS NULL OR o.state = $2)
  AND ($3::text IS NULL OR o.department_code = $3)
  AND (NOT $4 OR o.state = 'appealed')
  AND ($5::text IS NULL OR o.level = $5)
ORDER BY o.id DESC
LIMIT $6 OFFSET $7
