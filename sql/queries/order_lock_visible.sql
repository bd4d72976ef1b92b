-- One order the user may see, locked for a step.
-- $1 bigint: user id, $2 bigint: order id
SELECT o.id::text AS id, o.order_no, o.department_code, o.state, o.level, o.responsible_user_id::text AS responsible_user_id,
       o.time_zone, to_char(o.warning_from, 'YYYY-MM-DD') AS warning_from, to_char(o.yellow_from, 'YYYY-MM-DD') AS yellow_from,
       to_char(o.red_from, 'YYYY-MM-DD') AS red_from, o.version
FROM supervision_orders o
WHERE o.id = $2 AND o.department_code = ANY ((SELECT visible_departments($1))::text[])
FOR UPDATE OF o
