-- This month's on-time ranking by department (in the user's scope), with volumes: concluded cases
-- with a deadline this month and how many on time. The route splits off departments with too few.
-- $1 bigint: user id, $2 timestamptz: now, $3 text: time zone
WITH scope AS (SELECT visible_departments($1) AS codes),
b AS (SELECT date_trunc('month', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3 AS month_start)
SELECT d.code, d.name, to_char($2::timestamptz AT TIME ZONE $3, 'YYYY-MM') AS month,
       count(c.case_no)::int AS concluded,
       count(c.case_no) FILTER (WHERE (c.concluded_at AT TIME ZONE $3)::date <= k.deadline_date)::int AS on_time
FROM departments d
CROSS JOIN scope
CROSS JOIN b
LEFT JOIN cases c ON c.department_code = d.code AND c.concluded_at >= b.month_start AND c.concluded_at <= $2
LEFT JOIN case_clocks k ON k.case_no = c.case_no AND k.deadline_date IS NOT NULL
WHERE d.code = ANY (scope.codes) AND (c.case_no IS NULL OR k.case_no IS NOT NULL)
GROUP BY d.code, d.name
