-- Open cases and petitions per active department of a jurisdiction (and everything under it),
-- by level, riskiest first (red, yellow, warning, open), then the catalogue order. Departments
-- with nothing open are listed too (the map colours every town and street).
-- $1 text: jurisdiction code
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), d AS (
  SELECT code, name, short_name, kind, sort_order FROM departments WHERE active AND jurisdiction_code IN (SELECT code FROM scope)
), open AS (
  SELECT department_code, level, count(*)::int AS n FROM cases
  WHERE concluded_at IS NULL AND returned_at IS NULL AND department_code IN (SELECT code FROM d) GROUP BY 1, 2
  UNION ALL
  SELECT department_code, level, count(*)::int FROM petitions
  WHERE closed_at IS NULL AND department_code IN (SELECT code FROM d) GROUP BY 1, 2
), per AS (
  SELECT d.code, coalesce(d.short_name, d.name) AS name,
         CASE d.kind WHEN 'town' THEN 'town' WHEN 'street' THEN 'street' ELSE 'department' END AS kind,
         d.sort_order,
         coalesce(sum(o.n), 0)::int AS open,
         coalesce(sum(o.n) FILTER (WHERE o.level = 'normal'), 0)::int AS normal,
         coalesce(sum(o.n) FILTER (WHERE o.level = 'warning'), 0)::int AS warning,
         coalesce(sum(o.n) FILTER (WHERE o.level = 'yellow'), 0)::int AS yellow,
         coalesce(sum(o.n) FILTER (WHERE o.level = 'red'), 0)::int AS red
  FROM d LEFT JOIN open o ON o.department_code = d.code
  GROUP BY d.code, d.name, d.short_name, d.kind, d.sort_order
)
SELECT code, name, kind, open, normal, warning, yellow, red,
       CASE WHEN red > 0 THEN 'red' WHEN yellow > 0 THEN 'yellow' WHEN warning > 0 THEN 'warning' ELSE 'normal' END AS worst
FROM per
ORDER BY red DESC, yellow DESC, warning DESC, open DESC, sort_order, code
