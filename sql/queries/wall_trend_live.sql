-- Received (submitted) and concluded case events per local hour counted from the event store,
-- from $2 (the rollup's edge, or the start of the month) on, for a jurisdiction and everything
-- under it.
-- The events (up to an hour and more of them: ≈ 22,000 at a province's size) are counted first by
-- department and 15-minute bin (plain arithmetic on the instant), and only those few groups are
-- labelled in local time and filtered by department: formatting and converting every event cost
-- more than reading it (bench/volume.bench.ts). A bin lies within one local hour in every zone whose
-- offset is a multiple of 15 minutes (every zone in use), so the counts are those of each event's
-- own local hour.
-- $1 text: jurisdiction code, $2 timestamptz: from
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), z AS (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1),
b AS (
  SELECT date_bin('15 minutes', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bin, e.department_code,
         count(*) FILTER (WHERE e.kind = 'submitted') AS received,
         count(*) FILTER (WHERE e.kind = 'concluded') AS concluded
  FROM events e
  WHERE e.occurred_at >= $2 AND e.kind IN ('submitted', 'concluded')
  GROUP BY 1, 2
)
SELECT to_char(b.bin AT TIME ZONE z.zone, 'YYYY-MM-DD') AS local_date,
       extract(hour FROM b.bin AT TIME ZONE z.zone)::int AS local_hour,
       sum(b.received)::int AS received,
       sum(b.concluded)::int AS concluded
FROM b CROSS JOIN z
WHERE b.department_code IN (SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope))
GROUP BY 1, 2
