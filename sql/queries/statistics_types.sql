-- Type statistics (业务类型统计) from the type rollup (migration 220: no item grain): per period, in
-- total and per department, cases received and the 即办件 承诺件 联办件 上报件 (case type of the
-- acceptance), 退回件 (returned) and 补办件 (at least one supplement) among them.
-- Whole calendar months come from the monthly counts, each month read once and summed by
-- department (the periods share them: the quarter, the year and all time); the days at either end
-- of a period from the daily counts, two index ranges.
-- $1 bigint: user id (department scope)
-- $2 json: periods [{"label", "from", "to"}] (local dates, inclusive; null from/to = unbounded)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     p AS MATERIALIZED (
       SELECT label, lo, hi,
              CASE WHEN lo = date_trunc('month', lo)::date THEN lo ELSE (date_trunc('month', lo) + interval '1 month')::date END AS m1,
              date_trunc('month', hi + 1)::date AS m2
       FROM (SELECT label, coalesce("from", DATE '1900-01-01') AS lo, coalesce("to", DATE '2999-12-31') AS hi
             FROM json_to_recordset($2::json) AS p (label text, "from" date, "to" date)) x
     ),
     m AS MATERIALIZED (
       SELECT day, department_code, sum(n) AS n,
              sum(n) FILTER (WHERE case_type = 'immediate') AS immediate, sum(n) FILTER (WHERE case_type = 'promised') AS promised,
              sum(n) FILTER (WHERE case_type = 'joint') AS joint, sum(n) FILTER (WHERE case_type = 'escalated') AS escalated,
              sum(n) FILTER (WHERE status_class = 'returned') AS returned, sum(supplemented) AS supplemented
       FROM stat_case_type_month_counts_live
       WHERE department_code = ANY ((SELECT codes FROM scope)::text[])
       GROUP BY 1, 2
     ),
     d AS (
       SELECT p.label, s.* FROM p CROSS JOIN LATERAL (
         SELECT * FROM stat_case_type_counts_live s WHERE s.day >= p.lo AND s.day <= CASE WHEN p.m1 < p.m2 THEN p.m1 - 1 ELSE p.hi END
         UNION ALL
         SELECT * FROM stat_case_type_counts_live s WHERE p.m1 < p.m2 AND s.day >= p.m2 AND s.day <= p.hi
       ) s
     ),
     x AS (
       SELECT p.label, m.department_code, m.n, m.immediate, m.promised, m.joint, m.escalated, m.returned, m.supplemented
       FROM p JOIN m ON p.m1 < p.m2 AND m.day >= p.m1 AND m.day < p.m2
       UNION ALL
       SELECT d.label, d.department_code, d.n,
              CASE WHEN d.case_type = 'immediate' THEN d.n END, CASE WHEN d.case_type = 'promised' THEN d.n END,
              CASE WHEN d.case_type = 'joint' THEN d.n END, CASE WHEN d.case_type = 'escalated' THEN d.n END,
              CASE WHEN d.status_class = 'returned' THEN d.n END, d.supplemented
       FROM d WHERE d.department_code = ANY ((SELECT codes FROM scope)::text[])
     )
SELECT x.label, x.department_code,
       coalesce(sum(x.n), 0)::int AS total,
       coalesce(sum(x.immediate), 0)::int AS immediate,
       coalesce(sum(x.promised), 0)::int AS promised,
       coalesce(sum(x.joint), 0)::int AS joint,
       coalesce(sum(x.escalated), 0)::int AS escalated,
       coalesce(sum(x.returned), 0)::int AS returned,
       coalesce(sum(x.supplemented), 0)::int AS supplemented
FROM x
GROUP BY GROUPING SETS ((x.label), (x.label, x.department_code))
HAVING sum(x.n) <> 0
ORDER BY 1, 2 NULLS FIRST
