-- Departments by on-time rate this local month (concluded on or before the deadline date ÷
-- concluded with a deadline), best first; only departments with at least $3 such cases (fewer are
-- not ranked, as in the performance rules).
-- $1 text: jurisdiction code, $2 timestamptz: start of the local month, $3 int: minimum concluded
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), z AS (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1)
SELECT d.code, coalesce(d.short_name, d.name) AS name, count(*)::int AS concluded,
       (count(*) FILTER (WHERE (c.concluded_at AT TIME ZONE z.zone)::date <= k.deadline_date))::float8 / count(*) AS on_time_rate
FROM cases c
JOIN case_clocks k USING (case_no)
JOIN departments d ON d.code = c.department_code
CROSS JOIN z
WHERE c.concluded_at >= $2 AND k.deadline_date IS NOT NULL AND d.jurisdiction_code IN (SELECT code FROM scope)
GROUP BY d.code, d.name, d.short_name
HAVING count(*) >= $3
ORDER BY on_time_rate DESC, concluded DESC, d.code
