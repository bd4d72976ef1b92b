-- One case for the mobile view (in the user's scope): summary, clock and the highest active card.
-- $1 bigint: user id, $2 text: case number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.case_no, c.department_code, d.name AS department_name, i.name AS item_name, c.item_code, c.status, c.applicant,
       coalesce(k.level, 'normal') AS level, oc.color AS card_color, c.accepted_at, c.concluded_at,
       to_char(k.deadline_date, 'YYYY-MM-DD') AS deadline_date, c.state
FROM cases c
CROSS JOIN scope
LEFT JOIN case_clocks k ON k.case_no = c.case_no
LEFT JOIN departments d ON d.code = c.department_code
LEFT JOIN items i ON i.code = c.item_code
LEFT JOIN open_case_cards oc ON oc.case_no = c.case_no
WHERE c.case_no = $2 AND (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
