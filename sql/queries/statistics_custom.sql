-- A custom report (自定义统计) over the case facts: cases received in [from, to], grouped by the
-- chosen dimensions, every measure: cases, concluded, concluded on time (with a deadline), working
-- days used by concluded cases (mean and p90: `days_used`, calendar ordinals kept on the facts by
-- migration 220, recomputed when the calendar is written, so a calendar change shows at once),
-- supplements, cards, fees. Ungrouped dimensions come back null. Definitions without the item and
-- the handler are read from the rollups instead (statistics_custom_rollup.sql, the same rows).
-- $1 bigint: user id (department scope)
-- $2 date: first day (inclusive)
-- $3 date: last day (inclusive)
-- $4 text[]: dimensions, among 'department', 'item', 'caseType', 'handler', 'period', 'jurisdiction'
-- $5 date[]: days of [from, to] (for the period dimension), or null
-- $6 text[]: the period label of each of those days (week, statistical month or quarter), or null
-- $7 text: department filter (that department and its subtree), or null
-- $8 text: item code, or null
-- $9 text: case type, or null
-- $10 text: status class ('pending', 'inProgress', 'concluded', 'returned'), or null
-- $11 text: level, or null
-- $12 text: handler, or null
-- $13 boolean: compute the p90 of working days used (a sort per group)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     dept AS MATERIALIZED (SELECT CASE WHEN $7::text IS NULL THEN NULL ELSE department_subtree($7) END AS codes),
     periods AS (SELECT * FROM unnest($5::date[], $6::text[]) AS p (day, label)),
     x AS (
       SELECT f.*, d.jurisdiction_code
       FROM stat_case_facts f
       JOIN departments d ON d.code = f.department_code
       CROSS JOIN scope CROSS JOIN dept
       WHERE f.received_day BETWEEN $2::date AND $3::date
         AND f.department_code = ANY (scope.codes)
         AND (dept.codes IS NULL OR f.department_code = ANY (dept.codes))
         AND ($8::text IS NULL OR f.item_code = $8)
         AND ($9::text IS NULL OR f.case_type = $9)
         AND ($10::text IS NULL OR f.status_class = $10)
         AND ($11::text IS NULL OR f.level = $11)
         AND ($12::text IS NULL OR f.handler = $12)
     )
SELECT CASE WHEN 'jurisdiction' = ANY ($4::text[]) THEN x.jurisdiction_code END AS jurisdiction,
       CASE WHEN 'department' = ANY ($4::text[]) THEN x.department_code END AS department,
       CASE WHEN 'item' = ANY ($4::text[]) THEN x.item_code END AS item,
       CASE WHEN 'caseType' = ANY ($4::text[]) THEN x.case_type END AS case_type,
       CASE WHEN 'handler' = ANY ($4::text[]) THEN x.handler END AS handler,
       CASE WHEN 'period' = ANY ($4::text[]) THEN p.label END AS period,
       count(*)::int AS cases,
       count(*) FILTER (WHERE x.status_class = 'concluded')::int AS concluded,
       count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL)::int AS timed,
       count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL AND x.concluded_day <= x.deadline_date)::int AS on_time,
       avg(x.days_used)::float8 AS days_mean,
       (percentile_cont(0.9) WITHIN GROUP (ORDER BY x.days_used) FILTER (WHERE $13::boolean AND x.days_used IS NOT NULL))::float8 AS days_p90,
       sum(x.supplements)::int AS supplements,
       sum(x.cards)::int AS cards,
       sum(x.fee)::float8 AS fees
FROM x
LEFT JOIN periods p ON p.day = x.received_day AND 'period' = ANY ($4::text[])
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 6 NULLS FIRST, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
LIMIT 5000
