-- Cases received and concluded per local day over the last 14 days, one department (in scope).
-- $1 bigint: user id, $2 text: department code, $3 timestamptz: now, $4 text: time zone
WITH scope AS (SELECT visible_departments($1) AS codes),
days AS (
  SELECT generate_series(($3::timestamptz AT TIME ZONE $4)::date - 13, ($3::timestamptz AT TIME ZONE $4)::date, INTERVAL '1 day')::date AS day
),
c AS (
  SELECT c.submitted_at, c.accepted_at, c.concluded_at FROM cases c, scope
  WHERE c.department_code = $2 AND $2 = ANY (scope.codes)
    AND (coalesce(c.submitted_at, c.accepted_at) >= $3::timestamptz - INTERVAL '15 days' OR c.concluded_at >= $3::timestamptz - INTERVAL '15 days')
)
SELECT to_char(days.day, 'YYYY-MM-DD') AS date,
       (SELECT count(*) FROM c WHERE (coalesce(c.submitted_at, c.accepted_at) AT TIME ZONE $4)::date = days.day)::int AS received,
       (SELECT count(*) FROM c WHERE (c.concluded_at AT TIME ZONE $4)::date = days.day)::int AS concluded
FROM days ORDER BY days.day
