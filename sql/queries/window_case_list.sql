-- The window's case list: cases of the departments the user may act for (or joint cases involving
-- one of them), newest first, with the folded state (for the clock's days) and the item's name.
-- Same scope and filters as case_list (counted by case_list_count).
-- $1 bigint: user id
-- $2 text: department code (that department and its subtree), or null for all visible
-- $3 text: status, or null
-- $4 text: level, or null
-- $5 int: page size
-- $6 int: offset
WITH scope AS (SELECT visible_departments($1) AS codes),
     dept AS (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE department_subtree($2) END AS codes)
SELECT c.case_no, c.department_code, c.item_code, i.name AS item_name, c.case_type, c.status, coalesce(k.level, 'normal') AS level, c.applicant,
       c.submitted_at, c.accepted_at, c.concluded_at, c.returned_at, k.deadline_date::text AS deadline_date,
       c.suspended, c.joint_departments, c.state
FROM cases c LEFT JOIN case_clocks k USING (case_no) LEFT JOIN items i ON i.code = c.item_code, scope, dept
WHERE (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
  AND (dept.codes IS NULL OR c.department_code = ANY (dept.codes))
  AND ($3::text IS NULL OR c.status = $3)
  AND ($4::text IS NULL OR coalesce(k.level, 'normal') = $4)
ORDER BY coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) DESC, c.case_no DESC
LIMIT $5 OFFSET $6
