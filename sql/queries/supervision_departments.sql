-- Departments the user may act on (to choose the department of an urging or order).
-- $1 bigint: user id
SELECT d.code, d.name, d.parent_code FROM departments d
WHERE d.active AND d.code = ANY ((SELECT visible_departments($1))::text[])
ORDER BY d.sort_order, d.code
