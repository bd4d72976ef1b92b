-- Petitions the user may see, newest first, filtered; one page (department scope enforced here).
-- $1 bigint: user id
-- $2 text: department code (that department and its subtree), or null for all visible
-- $3 text: status, or null
-- $4 text: petition kind, or null
-- $5 text: level, or null
-- $6 int: page size
-- $7 int: offset
WITH scope AS (SELECT visible_departments($1) AS codes),
     dept AS (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE department_subtree($2) END AS codes)
SELECT p.petition_no, p.department_code, p.petition_kind, p.channel, p.status, p.level, p.citizen,
       p.received_at, p.acknowledged_at, p.replied_at, p.closed_at, p.rating, p.deadline_date::text AS deadline_date,
       p.last_occurred_at
FROM petitions p, scope, dept
WHERE p.department_code = ANY (scope.codes)
  AND (dept.codes IS NULL OR p.department_code = ANY (dept.codes))
  AND ($3::text IS NULL OR p.status = $3)
  AND ($4::text IS NULL OR p.petition_kind = $4)
  AND ($5::text IS NULL OR p.level = $5)
ORDER BY coalesce(p.received_at, p.last_occurred_at) DESC, p.petition_no DESC
LIMIT $6 OFFSET $7
