-- Received (submitted) and concluded case events per hour from the hourly rollup, for a
-- jurisdiction (and everything under it), buckets in [$2, $3), labelled in its local time.
-- The month's rollup rows (a row per hour, department and kind: ≈ 11,000 a week into the month at
-- a province's size) are summed by bucket first and only the buckets are labelled in local time
-- (the same label each row of the bucket had), as wall_trend_live.sql.
-- $1 text: jurisdiction code, $2 timestamptz: from, $3 timestamptz: to (the rollup's edge)
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), z AS (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1),
b AS (
  SELECT r.bucket,
         coalesce(sum(r.events) FILTER (WHERE r.kind = 'submitted'), 0) AS received,
         coalesce(sum(r.events) FILTER (WHERE r.kind = 'concluded'), 0) AS concluded
  FROM event_counts_hourly r
  WHERE r.bucket >= $2 AND r.bucket < $3 AND r.kind IN ('submitted', 'concluded')
    AND r.department_code IN (SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope))
  GROUP BY 1
)
SELECT to_char(b.bucket AT TIME ZONE z.zone, 'YYYY-MM-DD') AS local_date,
       extract(hour FROM b.bucket AT TIME ZONE z.zone)::int AS local_hour,
       sum(b.received)::int AS received,
       sum(b.concluded)::int AS concluded
FROM b CROSS JOIN z
GROUP BY 1, 2
