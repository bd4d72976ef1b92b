-- A case's folded state and clock, if the user may see it (department scope enforced here).
-- $1 bigint: user id
-- $2 text: case number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.case_no, c.department_code, c.item_code, c.state, coalesce(k.level, 'normal') AS level
FROM cases c LEFT JOIN case_clocks k USING (case_no), scope
WHERE c.case_no = $2
  AND (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
