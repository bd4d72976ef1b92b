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
     -- the period from whole months and edge days (stat_case_counts_between), today from the daily counts;
     -- by jurisdiction or department from the type counts without the item grain (migration 220), by item from the item grain
     src AS (
       SELECT s.status_class AS bucket, s.department_code, s.item_code, s.level, s.n
       FROM stat_case_counts_between($2::date, $3::date) s WHERE $4::text = 'item' AND s.status_class IN ('inProgress', 'concluded')
       UNION ALL
       SELECT 'today', s.department_code, s.item_code, s.level, s.n FROM stat_case_counts_live s WHERE $4::text = 'item' AND s.day = $6::date
       UNION ALL
       SELECT s.status_class, s.department_code, '', s.level, s.n
       FROM stat_case_type_counts_between($2::date, $3::date) s WHERE $4::text <> 'item' AND s.status_class IN ('inProgress', 'concluded')
       UNION ALL
       SELECT 'today', s.department_code, '', s.level, s.n FROM stat_case_type_counts_live s WHERE $4::text <> 'item' AND s.day = $6::date
     ),
     x AS (
       SELECT src.*, d.jurisdiction_code
       FROM src
       JOIN departments d ON d.code = src.department_code
       CROSS JOIN scope CROSS JOIN dept
       WHERE src.department_code = ANY (scope.codes)
         AND (dept.codes IS NULL OR src.department_code = ANY (dept.codes))
     )
SELECT CASE $4::text WHEN 'jurisdiction' THEN x.jurisdiction_code WHEN 'department' THEN x.department_code ELSE x.item_code END AS key,
       x.bucket,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'normal'), 0)::int AS normal,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'warning'), 0)::int AS warning,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'yellow'), 0)::int AS yellow,
       coalesce(sum(x.n) FILTER (WHERE x.level = 'red'), 0)::int AS red
FROM x
GROUP BY 1, 2
HAVING sum(x.n) <> 0
ORDER BY 1, 2
