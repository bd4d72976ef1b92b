-- Petition statistics from the rollup: petitions received in [from, to] by kind, department or
-- channel: total, closed, answered on time, answered late, not answered, open and overdue now
-- (yellow or red), rated, satisfied (基本满意 or better: rating ≥ 3), rating sum.
-- $1 bigint: user id (department scope)
-- $2 date: first day (inclusive)
-- $3 date: last day (inclusive)
-- $4 text: group by 'kind' | 'department' | 'channel'
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes)
SELECT CASE $4::text WHEN 'kind' THEN s.petition_kind WHEN 'department' THEN s.department_code ELSE s.channel END AS key,
       sum(s.n)::int AS total,
       coalesce(sum(s.n) FILTER (WHERE s.closed), 0)::int AS closed,
       coalesce(sum(s.n) FILTER (WHERE s.answered = 'onTime'), 0)::int AS on_time,
       coalesce(sum(s.n) FILTER (WHERE s.answered = 'late'), 0)::int AS late,
       coalesce(sum(s.n) FILTER (WHERE s.answered = 'open'), 0)::int AS unanswered,
       coalesce(sum(s.n) FILTER (WHERE NOT s.closed AND s.level IN ('yellow', 'red')), 0)::int AS overdue,
       coalesce(sum(s.n) FILTER (WHERE s.rating > 0), 0)::int AS rated,
       coalesce(sum(s.n) FILTER (WHERE s.rating >= 3), 0)::int AS satisfied,
       coalesce(sum(s.n * s.rating), 0)::int AS rating_sum
FROM stat_petition_counts_live s CROSS JOIN scope
WHERE s.day BETWEEN $2::date AND $3::date AND s.department_code = ANY (scope.codes)
GROUP BY 1
HAVING sum(s.n) <> 0
ORDER BY 1
