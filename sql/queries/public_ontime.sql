-- Every active department of a jurisdiction (and its sub-jurisdictions) with its cases concluded
-- since the start of the current local month and how many of them on or before their deadline
-- date. Departments with no concluded case are listed with 0 (shown as 样本不足, never ranked).
-- $1 text: jurisdiction code
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), z AS (
  SELECT time_zone AS zone, to_char(now() AT TIME ZONE time_zone, 'YYYY-MM') AS period,
         date_trunc('month', now() AT TIME ZONE time_zone) AT TIME ZONE time_zone AS since
  FROM jurisdictions WHERE code = $1
)
SELECT d.code, coalesce(d.short_name, d.name) AS name, z.period,
       count(k.case_no)::int AS concluded,
       (count(k.case_no) FILTER (WHERE (c.concluded_at AT TIME ZONE z.zone)::date <= k.deadline_date))::int AS on_time
FROM departments d
CROSS JOIN z
LEFT JOIN cases c ON c.department_code = d.code AND c.concluded_at >= z.since
LEFT JOIN case_clocks k ON k.case_no = c.case_no AND k.deadline_date IS NOT NULL
WHERE d.active AND d.jurisdiction_code IN (SELECT code FROM scope)
GROUP BY d.code, d.name, d.short_name, z.period
ORDER BY d.code
