-- How many petitions petition_list would list over all pages (same scope and filters).
-- $1 bigint: user id
-- $2 text: department code (that department and its subtree), or null for all visible
-- $3 text: status, or null
-- $4 text: petition kind, or null
-- $5 text: level, or null
WITH scope AS (SELECT visible_departments($1) AS codes),
     dept AS (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE department_subtree($2) END AS codes)
SELECT count(*) AS total
FROM petitions p, scope, dept
WHERE p.department_code = ANY (scope.codes)
  AND (dept.codes IS NULL OR p.department_code = ANY (dept.codes))
  AND ($3::text IS NULL OR p.status = $3)
  AND ($4::text IS NULL OR p.petition_kind = $4)
  AND ($5::text IS NULL OR p.level = $5)
