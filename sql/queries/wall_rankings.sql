-- Departments by on-time rate this local month (concluded on or before the deadline date ÷
-- concluded with a deadline), best first; only departments with at least $3 such cases (fewer are
-- not ranked, as in the performance rules). In Asia/Shanghai from the counts by conclusion day kept
-- from the statistics facts (migration 282), elsewhere from the cases themselves.
-- $1 text: jurisdiction code, $2 timestamptz: start of the local month, $3 int: minimum concluded
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), z AS (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1),
m AS (
  SELECT w.department_code, sum(w.concluded) AS concluded, sum(w.on_time) AS on_time
  FROM wall_concluded_counts_live w
  WHERE (SELECT zone FROM z) = 'Asia/Shanghai' AND w.day >= ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
  GROUP BY 1
  HAVING sum(w.concluded) > 0
  UNION ALL
  SELECT c.department_code, count(*), count(*) FILTER (WHERE (c.concluded_at AT TIME ZONE z.zone)::date <= k.deadline_date)
  FROM cases c JOIN case_clocks k USING (case_no) CROSS JOIN z
  WHERE (SELECT zone FROM z) <> 'Asia/Shanghai' AND c.concluded_at >= $2 AND k.deadline_date IS NOT NULL
  GROUP BY 1
)
SELECT d.code, coalesce(d.short_name, d.name) AS name, m.concluded::int AS concluded, m.on_time::float8 / m.concluded AS on_time_rate
FROM m JOIN departments d ON d.code = m.department_code
WHERE d.jurisdiction_code IN (SELECT code FROM scope) AND m.concluded >= $3
ORDER BY on_time_rate DESC, concluded DESC, d.code
