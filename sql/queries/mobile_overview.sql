-- The leaders' mobile overview (issue 16): today's flows with the same span of yesterday, the open
-- cases by level now and at the start of today (from level_changes), this month's on-time rate with
-- the rate up to yesterday, petitions open/overdue, appealed orders awaiting an instruction. All in
-- the user's department scope (visible_departments, with leader_departments for 分管领导).
-- $1 bigint: user id, $2 timestamptz: now, $3 text: time zone
WITH scope AS (SELECT visible_departments($1) AS codes),
b AS (
  SELECT date_trunc('day', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3 AS day_start,
         (date_trunc('day', $2::timestamptz AT TIME ZONE $3) - INTERVAL '1 day') AT TIME ZONE $3 AS yday_start,
         $2::timestamptz - INTERVAL '1 day' AS yday_now,
         date_trunc('month', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3 AS month_start,
         ($2::timestamptz AT TIME ZONE $3)::date AS today
),
c AS (SELECT c.* FROM cases c, scope WHERE c.department_code = ANY (scope.codes)),
lv AS (
  SELECT count(*) FILTER (WHERE k.level = 'warning')::int AS warning,
         count(*) FILTER (WHERE k.level = 'yellow')::int AS yellow,
         count(*) FILTER (WHERE k.level = 'red')::int AS red,
         count(*)::int AS open
  FROM c JOIN case_clocks k USING (case_no) WHERE c.concluded_at IS NULL AND c.returned_at IS NULL
),
moves AS (
  SELECT coalesce(sum((l.to_level = 'warning')::int - (l.from_level = 'warning')::int), 0)::int AS warning,
         coalesce(sum((l.to_level = 'yellow')::int - (l.from_level = 'yellow')::int), 0)::int AS yellow,
         coalesce(sum((l.to_level = 'red')::int - (l.from_level = 'red')::int), 0)::int AS red
  FROM level_changes l, scope, b
  WHERE l.subject = 'case' AND l.department_code = ANY (scope.codes) AND l.effective_at >= b.day_start AND l.effective_at <= $2
)
SELECT to_char(b.today, 'YYYY-MM-DD') AS local_date,
  (SELECT cardinality(codes) FROM scope)::int AS departments,
  EXISTS (SELECT 1 FROM leader_departments ld WHERE ld.user_id = $1) AS assigned,
  (SELECT count(*) FILTER (WHERE coalesce(submitted_at, accepted_at) >= b.day_start AND coalesce(submitted_at, accepted_at) <= $2) FROM c)::int AS received,
  (SELECT count(*) FILTER (WHERE coalesce(submitted_at, accepted_at) >= b.yday_start AND coalesce(submitted_at, accepted_at) <= b.yday_now) FROM c)::int AS received_y,
  (SELECT count(*) FILTER (WHERE accepted_at >= b.day_start AND accepted_at <= $2) FROM c)::int AS accepted,
  (SELECT count(*) FILTER (WHERE accepted_at >= b.yday_start AND accepted_at <= b.yday_now) FROM c)::int AS accepted_y,
  (SELECT count(*) FILTER (WHERE concluded_at >= b.day_start AND concluded_at <= $2) FROM c)::int AS concluded,
  (SELECT count(*) FILTER (WHERE concluded_at >= b.yday_start AND concluded_at <= b.yday_now) FROM c)::int AS concluded_y,
  lv.open, lv.warning, lv.yellow, lv.red,
  -- open now minus open at the start of today: opened today minus closed today
  ((SELECT count(*) FILTER (WHERE coalesce(submitted_at, accepted_at, last_occurred_at) >= b.day_start) FROM c WHERE concluded_at IS NULL AND returned_at IS NULL)
   - (SELECT count(*) FILTER (WHERE coalesce(concluded_at, returned_at) >= b.day_start AND coalesce(submitted_at, accepted_at, last_occurred_at) < b.day_start) FROM c))::int AS open_change,
  moves.warning AS warning_change, moves.yellow AS yellow_change, moves.red AS red_change,
  m.concluded AS month_concluded, m.on_time AS month_on_time, m.concluded_y AS month_concluded_y, m.on_time_y AS month_on_time_y,
  p.open AS petitions_open, p.overdue AS petitions_overdue, p.open_change AS petitions_open_change, p.overdue_change AS petitions_overdue_change,
  (SELECT count(*) FROM supervision_orders o, scope WHERE o.department_code = ANY (scope.codes) AND o.state = 'appealed')::int AS awaiting
FROM b, lv, moves
CROSS JOIN LATERAL (
  SELECT count(*)::int AS concluded,
         count(*) FILTER (WHERE (c.concluded_at AT TIME ZONE $3)::date <= k.deadline_date)::int AS on_time,
         count(*) FILTER (WHERE c.concluded_at < b.day_start)::int AS concluded_y,
         count(*) FILTER (WHERE c.concluded_at < b.day_start AND (c.concluded_at AT TIME ZONE $3)::date <= k.deadline_date)::int AS on_time_y
  FROM c JOIN case_clocks k USING (case_no)
  WHERE c.concluded_at >= b.month_start AND c.concluded_at <= $2 AND k.deadline_date IS NOT NULL
) m
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE p.closed_at IS NULL)::int AS open,
         -- overdue: open past its deadline day (the same set at 00:00 today, minus those closed since)
         count(*) FILTER (WHERE p.closed_at IS NULL AND p.deadline_date < b.today)::int AS overdue,
         (count(*) FILTER (WHERE p.closed_at IS NULL AND coalesce(p.received_at, p.last_occurred_at) >= b.day_start)
          - count(*) FILTER (WHERE p.closed_at >= b.day_start AND coalesce(p.received_at, p.last_occurred_at) < b.day_start))::int AS open_change,
         (- count(*) FILTER (WHERE p.closed_at >= b.day_start AND p.deadline_date < b.today))::int AS overdue_change
  FROM petitions p, scope WHERE p.department_code = ANY (scope.codes)
) p
