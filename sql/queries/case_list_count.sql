-- How many cases case_list would list over all pages (same scope and filters).
-- $1 bigint: user id
-- $2 text: department code (that department and its subtree), or null for all visible
-- $3 text: status, or null
-- $4 text: level, or null
WITH scope AS (SELECT visible_departments($1) AS codes),
     dept AS (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE department_subtree($2) END AS codes)
SELECT count(*) AS total
FROM cases c LEFT JOIN case_clocks k USING (case_no), scope, dept
WHERE (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
  AND (dept.codes IS NULL OR c.department_code = ANY (dept.codes))
  AND ($3::text IS NULL OR c.status = $3)
  AND ($4::text IS NULL OR coalesce(k.level, 'normal') = $4)
