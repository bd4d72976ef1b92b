-- Published business statistics (业务统计) for the public site: per month (cases received in it)
-- and per department of one month, from the statistics rollup: received, concluded, concluded
-- with a deadline and on time, and the types (即办 承诺 联办 上报, 退回, 补办). No handler.
-- $1 text: jurisdiction code
-- $2 json: periods [{"label", "from", "to"}] (local dates, inclusive)
-- $3 text: the label whose per-department rows are wanted
WITH p AS (SELECT * FROM json_to_recordset($2::json) AS p (label text, "from" date, "to" date)),
     dept AS MATERIALIZED (SELECT code FROM departments WHERE jurisdiction_code = $1)
SELECT p.label, x.department_code,
       coalesce(sum(x.n), 0)::int AS received,
       coalesce(sum(x.n) FILTER (WHERE x.status_class = 'concluded'), 0)::int AS concluded,
       coalesce(sum(x.timed), 0)::int AS timed,
       coalesce(sum(x.on_time), 0)::int AS on_time,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'immediate'), 0)::int AS immediate,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'promised'), 0)::int AS promised,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'joint'), 0)::int AS joint,
       coalesce(sum(x.n) FILTER (WHERE x.case_type = 'escalated'), 0)::int AS escalated,
       coalesce(sum(x.n) FILTER (WHERE x.status_class = 'returned'), 0)::int AS returned,
       coalesce(sum(x.supplemented), 0)::int AS supplemented
FROM p
CROSS JOIN LATERAL stat_case_counts_between(p."from", p."to") x
WHERE x.department_code IN (SELECT code FROM dept)
GROUP BY GROUPING SETS ((p.label), (p.label, x.department_code))
HAVING x.department_code IS NULL OR p.label = $3
ORDER BY 1, 2 NULLS FIRST
