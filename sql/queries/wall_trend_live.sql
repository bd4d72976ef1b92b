-- Received (submitted) and concluded case events per local hour counted from the event store,
-- from $2 (the rollup's edge, or the start of the month) on, for a jurisdiction and everything
-- under it.
-- $1 text: jurisdiction code, $2 timestamptz: from
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), z AS (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1)
SELECT to_char(e.occurred_at AT TIME ZONE z.zone, 'YYYY-MM-DD') AS local_date,
       extract(hour FROM e.occurred_at AT TIME ZONE z.zone)::int AS local_hour,
       count(*) FILTER (WHERE e.kind = 'submitted')::int AS received,
       count(*) FILTER (WHERE e.kind = 'concluded')::int AS concluded
FROM events e CROSS JOIN z
WHERE e.occurred_at >= $2 AND e.kind IN ('submitted', 'concluded')
  AND e.department_code IN (SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope))
GROUP BY 1, 2
