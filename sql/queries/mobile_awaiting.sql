-- Supervision orders awaiting this leader's instruction (批示): appealed, in the user's scope, oldest
-- appeal first, each with its whole trail of steps.
-- $1 bigint: user id, $2 int: limit
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT o.id::text AS id, o.order_no, o.department_code, d.name AS department_name, o.case_no, o.opinion, o.level,
       to_char(o.due_date, 'YYYY-MM-DD') AS due_date,
       (SELECT max(s.at) FROM supervision_order_steps s WHERE s.order_id = o.id AND s.kind = 'appealed') AS appealed_at,
       (SELECT jsonb_agg(jsonb_build_object('seq', s.seq, 'kind', s.kind, 'body', s.body, 'actorName', s.actor_name, 'at', s.at) ORDER BY s.seq)
        FROM supervision_order_steps s WHERE s.order_id = o.id) AS steps
FROM supervision_orders o
CROSS JOIN scope
LEFT JOIN departments d ON d.code = o.department_code
WHERE o.department_code = ANY (scope.codes) AND o.state = 'appealed'
ORDER BY appealed_at NULLS LAST, o.id
LIMIT $2
