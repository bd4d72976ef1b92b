-- Time-limit statistics (业务时限统计) from the rollup: cases by group and level, for today's cases
-- (received today), in-progress and concluded cases received in [from, to].
-- $1 bigint: user id (department scope)
-- $2 date: first day of the period (inclusive)
-- $3 date: last day of the period (inclusive)
-- $4 text: group by 'jurisdiction' | 'department' | 'item'
-- $5 text: department (that department and its subtree), or null for all visible
-- $6 date: today (local)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     dept AS MATERIALIZED (SELECT CASE WHEN $5::text IS NULL THEN NULL ELSE department_subtree($5) END AS codes),
     x AS (
       SELECT s.day, s.department_code, s.item_code, s.status_class, s.level, s.n, d.jurisdiction_code
       FROM stat_case_counts_live s
       JOIN departments d ON d.code = s.department_code
       CROSS JOIN scope CROSS JOIN dept
       WHERE ((s.day BETWEEN $2::date AND $3::date AND s.status_class IN ('inProgress', 'concluded')) OR s.day = $6::date)
         AND s.department_code = ANY (scope.codes)
         AND (dept.codes IS NULL OR s.department_code = ANY (dept.codes))
     )
SELECT CASE $4::text WHEN 'jurisdiction' THEN x.jurisdiction_code WHEN 'department' THEN x.department_code ELSE x.item_code END AS key,
       b.bucket,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'normal'), 0)::int AS normal,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'warning'), 0)::int AS warning,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'yellow'), 0)::int AS yellow,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'red'), 0)::int AS red
FROM x
CROSS JOIN LATERAL (VALUES ('today', x.day = $6::date),
                           ('inProgress', x.status_class = 'inProgress' AND x.day BETWEEN $2::date AND $3::date),
                           ('concluded', x.status_class = 'concluded' AND x.day BETWEEN $2::date AND $3::date)) AS b (bucket, hit)
WHERE b.hit
GROUP BY 1, 2
HAVING sum(x.n) <> 0
ORDER BY 1, 2
