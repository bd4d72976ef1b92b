-- The same as statistics_time_limit.sql, counted from cases ⋈ case_clocks (the benchmark's
-- baseline and the tests' check).
-- $1 bigint: user id (department scope)
-- $2 date: first day of the period (inclusive)
-- $3 date: last day of the period (inclusive)
-- $4 text: group by 'jurisdiction' | 'department' | 'item'
-- $5 text: department (that department and its subtree), or null for all visible
-- $6 date: today (local)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     dept AS MATERIALIZED (SELECT CASE WHEN $5::text IS NULL THEN NULL ELSE department_subtree($5) END AS codes),
     x AS (
       SELECT (coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
              c.department_code, coalesce(c.item_code, '') AS item_code,
              CASE WHEN c.returned_at IS NOT NULL THEN 'returned' WHEN c.concluded_at IS NOT NULL THEN 'concluded'
                   WHEN c.status = 'submitted' THEN 'pending' ELSE 'inProgress' END AS status_class,
              coalesce(k.level, 'normal') AS level, d.jurisdiction_code
       FROM cases c
       LEFT JOIN case_clocks k USING (case_no)
       JOIN departments d ON d.code = c.department_code
       CROSS JOIN scope CROSS JOIN dept
       WHERE c.department_code = ANY (scope.codes)
         AND (dept.codes IS NULL OR c.department_code = ANY (dept.codes))
     )
SELECT CASE $4::text WHEN 'jurisdiction' THEN x.jurisdiction_code WHEN 'department' THEN x.department_code ELSE x.item_code END AS key,
       b.bucket,
       count(*) FILTER (WHERE x.level = 'normal')::int AS normal,
       count(*) FILTER (WHERE x.level = 'warning')::int AS warning,
       count(*) FILTER (WHERE x.level = 'yellow')::int AS yellow,
       count(*) FILTER (WHERE x.level = 'red')::int AS red
FROM x
CROSS JOIN LATERAL (VALUES ('today', x.day = $6::date),
                           ('inProgress', x.status_class = 'inProgress' AND x.day BETWEEN $2::date AND $3::date),
                           ('concluded', x.status_class = 'concluded' AND x.day BETWEEN $2::date AND $3::date)) AS b (bucket, hit)
WHERE b.hit
GROUP BY 1, 2
ORDER BY 1, 2
