-- Cases received this local month by case type, for a jurisdiction and everything under it.
-- In Asia/Shanghai from the statistics rollup by month (migration 220: received day, department,
-- case type; a few rows per department and type, kept in the writer's transaction) instead of
-- every case received this month; in another zone (the rollup's days are Shanghai's) from the
-- cases themselves. The rollup's received day is the submission's, else the acceptance's (else the
-- last event's, for a case known from neither: such a case has no type, so it is not counted).
-- $1 text: jurisdiction code, $2 timestamptz: start of the local month
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), depts AS (
  SELECT code FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope)
), z AS (SELECT time_zone AS zone FROM jurisdictions WHERE code = $1)
SELECT case_type, sum(n)::int AS n FROM (
  SELECT s.case_type, s.n
  FROM stat_case_type_month_counts_live s
  WHERE (SELECT zone FROM z) = 'Asia/Shanghai'
    AND s.day >= ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AND s.case_type <> ''
    AND s.department_code IN (SELECT code FROM depts)
  UNION ALL
  SELECT case_type, 1
  FROM cases
  WHERE (SELECT zone FROM z) <> 'Asia/Shanghai'
    AND coalesce(submitted_at, accepted_at) >= $2 AND case_type IS NOT NULL
    AND department_code IN (SELECT code FROM depts)
) u
GROUP BY case_type
HAVING sum(n) <> 0
