-- Type statistics (业务类型统计) from the type rollup (migration 220: no item grain): per period, in total and per department, cases
-- received and the 即办件 承诺件 联办件 上报件 (case type of the acceptance), 退回件 (returned) and
-- 补办件 (at least one supplement) among them.
-- $1 bigint: user id (department scope)
-- $2 json: periods [{"label", "from", "to"}] (local dates, inclusive; null from/to = unbounded)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     p AS (SELECT * FROM json_to_recordset($2::json) AS p (label text, "from" date, "to" date))
SELECT p.label, x.department_code,
       coalesce(sum(x.n), 0)::int AS total,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'immediate'), 0)::int AS immediate,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'promised'), 0)::int AS promised,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'joint'), 0)::int AS joint,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'escalated'), 0)::int AS escalated,
       coalesce(sum(x.n) FILTER (WHERE x.status_class = 'returned'), 0)::int AS returned,
       coalesce(sum(x.supplemented), 0)::int AS supplemented
FROM p
CROSS JOIN LATERAL stat_case_type_counts_between(p."from", p."to") x
CROSS JOIN scope
WHERE x.department_code = ANY (scope.codes)
GROUP BY GROUPING SETS ((p.label), (p.label, x.department_code))
HAVING sum(x.n) <> 0
ORDER BY 1, 2 NULLS FIRST
