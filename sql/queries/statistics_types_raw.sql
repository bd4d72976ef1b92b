-- The same as statistics_types.sql, counted from cases (the benchmark's baseline and the tests' check).
-- $1 bigint: user id (department scope)
-- $2 json: periods [{"label", "from", "to"}] (local dates, inclusive; null from/to = unbounded)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     p AS (SELECT * FROM json_to_recordset($2::json) AS p (label text, "from" date, "to" date)),
     x AS (
       SELECT (coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
              c.department_code, c.case_type, c.returned_at IS NOT NULL AS returned, c.supplement_count > 0 AS supplemented
       FROM cases c CROSS JOIN scope WHERE c.department_code = ANY (scope.codes)
     )
SELECT p.label, x.department_code,
       count(*)::int AS total,
       count(*) FILTER (WHERE x.case_type = 'immediate')::int AS immediate,
       count(*) FILTER (WHERE x.case_type = 'promised')::int AS promised,
       count(*) FILTER (WHERE x.case_type = 'joint')::int AS joint,
       count(*) FILTER (WHERE x.case_type = 'escalated')::int AS escalated,
       count(*) FILTER (WHERE x.returned)::int AS returned,
       count(*) FILTER (WHERE x.supplemented)::int AS supplemented
FROM p
JOIN x ON (p."from" IS NULL OR x.day >= p."from") AND (p."to" IS NULL OR x.day <= p."to")
GROUP BY GROUPING SETS ((p.label), (p.label, x.department_code))
ORDER BY 1, 2 NULLS FIRST
