-- The same as statistics_petitions.sql, counted from petitions (the benchmark's baseline and the tests' check).
-- $1 bigint: user id (department scope)
-- $2 date: first day (inclusive)
-- $3 date: last day (inclusive)
-- $4 text: group by 'kind' | 'department' | 'channel'
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     x AS (
       SELECT coalesce(p.petition_kind, '') AS petition_kind, p.department_code, coalesce(p.channel, '') AS channel,
              p.closed_at IS NOT NULL AS closed, p.level, coalesce(p.rating, 0) AS rating,
              CASE WHEN coalesce(p.replied_at, p.closed_at) IS NULL THEN 'open'
                   WHEN p.deadline_date IS NULL OR (coalesce(p.replied_at, p.closed_at) AT TIME ZONE 'Asia/Shanghai')::date <= p.deadline_date THEN 'onTime'
                   ELSE 'late' END AS answered
       FROM petitions p CROSS JOIN scope
       WHERE (coalesce(p.received_at, p.last_occurred_at) AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
         AND p.department_code = ANY (scope.codes)
     )
SELECT CASE $4::text WHEN 'kind' THEN petition_kind WHEN 'department' THEN department_code ELSE channel END AS key,
       count(*)::int AS total,
       count(*) FILTER (WHERE closed)::int AS closed,
       count(*) FILTER (WHERE answered = 'onTime')::int AS on_time,
       count(*) FILTER (WHERE answered = 'late')::int AS late,
       count(*) FILTER (WHERE answered = 'open')::int AS unanswered,
       count(*) FILTER (WHERE NOT closed AND level IN ('yellow', 'red'))::int AS overdue,
       count(*) FILTER (WHERE rating > 0)::int AS rated,
       count(*) FILTER (WHERE rating >= 3)::int AS satisfied,
       coalesce(sum(rating), 0)::int AS rating_sum
FROM x GROUP BY 1 ORDER BY 1
