-- The wall's headline counts for a jurisdiction and everything under it, in its local day/month
-- (the open cases by level come from wall_open_by_department). Received = submitted (else
-- accepted) today; accepted and concluded today by their times (in Asia/Shanghai from the counts
-- of the day kept by migration 370: the day's rows of its departments, not the day's cases); on
-- time = concluded on or before its deadline date, of the cases concluded this month that have one
-- (in Asia/Shanghai from the counts by conclusion day, migration 282). Also returns the local date
-- and hour of $2 for the trend axes.
-- $1 text: jurisdiction code, $2 timestamptz: now
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), depts AS (
  SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope)
), b AS (
  SELECT zone,
         date_trunc('day', $2::timestamptz AT TIME ZONE zone) AT TIME ZONE zone AS day_start,
         (date_trunc('day', $2::timestamptz AT TIME ZONE zone) + INTERVAL '1 day') AT TIME ZONE zone AS day_end,
         date_trunc('month', $2::timestamptz AT TIME ZONE zone) AT TIME ZONE zone AS month_start
  FROM (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1) z
)
SELECT
  to_char($2::timestamptz AT TIME ZONE b.zone, 'YYYY-MM-DD') AS local_date,
  extract(hour FROM $2::timestamptz AT TIME ZONE b.zone)::int AS local_hour,
  b.day_start, b.month_start,
  d.received AS received_today, d.accepted AS accepted_today, d.concluded AS concluded_today,
  m.concluded AS concluded_month, m.on_time AS on_time_month
FROM b
CROSS JOIN LATERAL (
  SELECT coalesce(sum(u.received), 0)::int AS received, coalesce(sum(u.accepted), 0)::int AS accepted,
         coalesce(sum(u.concluded), 0)::int AS concluded
  FROM (
    -- in Asia/Shanghai, the counts of the day (migration 370)
    SELECT sum(w.received) AS received, sum(w.accepted) AS accepted, sum(w.concluded) AS concluded
    FROM wall_day_counts_live w
    WHERE b.zone = 'Asia/Shanghai' AND w.day = ($2::timestamptz AT TIME ZONE b.zone)::date
      AND w.department_code IN (SELECT code FROM depts)
    UNION ALL
    -- in another zone (the counts' days are Shanghai's), the cases of the local day themselves
    SELECT (SELECT count(*) FROM cases c WHERE coalesce(c.submitted_at, c.accepted_at) >= b.day_start AND coalesce(c.submitted_at, c.accepted_at) < b.day_end
              AND c.department_code IN (SELECT code FROM depts)),
           (SELECT count(*) FROM cases c WHERE c.accepted_at >= b.day_start AND c.accepted_at < b.day_end
              AND c.department_code IN (SELECT code FROM depts)),
           (SELECT count(*) FROM cases c WHERE c.concluded_at >= b.day_start AND c.concluded_at < b.day_end
              AND c.department_code IN (SELECT code FROM depts))
    WHERE b.zone <> 'Asia/Shanghai'
  ) u
) d
CROSS JOIN LATERAL (
  SELECT sum(u.concluded)::int AS concluded, sum(u.on_time)::int AS on_time FROM (
    -- in Asia/Shanghai, the counts by conclusion day kept from the statistics facts (migration 282)
    SELECT sum(w.concluded) AS concluded, sum(w.on_time) AS on_time
    FROM wall_concluded_counts_live w
    WHERE b.zone = 'Asia/Shanghai'
      AND w.day >= (b.month_start AT TIME ZONE b.zone)::date AND w.day <= ($2::timestamptz AT TIME ZONE b.zone)::date
      AND w.department_code IN (SELECT code FROM depts)
    UNION ALL
    -- in another zone (the facts' days are Shanghai's), the cases themselves
    SELECT count(*), count(*) FILTER (WHERE (c.concluded_at AT TIME ZONE b.zone)::date <= k.deadline_date)
    FROM cases c JOIN case_clocks k USING (case_no)
    WHERE b.zone <> 'Asia/Shanghai' AND c.concluded_at >= b.month_start AND c.concluded_at < b.day_end AND k.deadline_date IS NOT NULL
      AND c.department_code IN (SELECT code FROM depts)
  ) u
) m
