-- Citizens' ratings (好差评, 1 … 5) by department since a time: each petition's latest rating event
-- in the window, averaged per department with the share of 4 and 5.
-- $1 timestamptz: since
SELECT r.department_code, coalesce(d.short_name, d.name, r.department_code) AS name, count(*)::int AS ratings,
       avg(r.rating)::float8 AS average, avg((r.rating >= 4)::int)::float8 AS satisfied
FROM (
  SELECT DISTINCT ON (e.petition_no) e.petition_no, e.department_code, (e.body ->> 'rating')::int AS rating
  FROM events e
  WHERE e.kind = 'petition.rated' AND e.occurred_at >= $1 AND e.body ->> 'rating' ~ '^[1-5]$'
  ORDER BY e.petition_no, e.occurred_at DESC
) r
LEFT JOIN departments d ON d.code = r.department_code
GROUP BY r.department_code, d.short_name, d.name
