-- Open cases of one department (in the user's scope), worst level first, then nearest deadline.
-- $1 bigint: user id, $2 text: department code, $3 int: limit
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.case_no, i.name AS item_name, k.level, oc.color AS card_color, to_char(k.deadline_date, 'YYYY-MM-DD') AS deadline_date, c.status
FROM cases c
CROSS JOIN scope
JOIN case_clocks k ON k.case_no = c.case_no
LEFT JOIN items i ON i.code = c.item_code
LEFT JOIN open_case_cards oc ON oc.case_no = c.case_no
WHERE c.department_code = $2 AND $2 = ANY (scope.codes) AND c.concluded_at IS NULL AND c.returned_at IS NULL
ORDER BY array_position(ARRAY['red', 'yellow', 'warning', 'normal'], k.level), k.deadline_date NULLS LAST, c.case_no
LIMIT $3
