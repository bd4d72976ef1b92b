-- Performance facts: supervision orders (督办) to a jurisdiction's departments due in the period;
-- on time when the department replied or appealed by the end of the due day, local time.
-- $1 text: jurisdiction code, $2 date: first day, $3 date: last day (inclusive)
SELECT o.department_code, o.order_no,
       EXISTS (SELECT 1 FROM supervision_order_steps s
               WHERE s.order_id = o.id AND s.kind IN ('replied', 'appealed') AND (s.at AT TIME ZONE o.time_zone)::date <= o.due_date) AS on_time
FROM supervision_orders o
WHERE o.jurisdiction_code = $1 AND o.due_date BETWEEN $2 AND $3
ORDER BY o.id
