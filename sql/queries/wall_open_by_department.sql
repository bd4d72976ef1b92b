-- Open cases (neither concluded nor returned) and open petitions (not closed) by level for every
-- department of a jurisdiction and everything under it, inactive ones too (their open cases still
-- count in the tiles; the board lists the active ones). One pass over each table's open rows.
-- $1 text: jurisdiction code
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), d AS (
  SELECT code, name, short_name, kind, sort_order, active FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope)
), c AS (
  SELECT c.department_code, count(*) FILTER (WHERE coalesce(k.level, 'normal') = 'normal')::int AS normal,
         count(*) FILTER (WHERE k.level = 'warning')::int AS warning,
         count(*) FILTER (WHERE k.level = 'yellow')::int AS yellow, count(*) FILTER (WHERE k.level = 'red')::int AS red
  FROM cases c LEFT JOIN case_clocks k USING (case_no)
  WHERE c.concluded_at IS NULL AND c.returned_at IS NULL AND c.department_code IN (SELECT code FROM d) GROUP BY 1
), p AS (
  SELECT department_code, count(*) FILTER (WHERE level = 'normal')::int AS normal, count(*) FILTER (WHERE level = 'warning')::int AS warning,
         count(*) FILTER (WHERE level = 'yellow')::int AS yellow, count(*) FILTER (WHERE level = 'red')::int AS red
  FROM petitions WHERE closed_at IS NULL AND department_code IN (SELECT code FROM d) GROUP BY 1
)
SELECT d.code, coalesce(d.short_name, d.name) AS name,
       CASE d.kind WHEN 'town' THEN 'town' WHEN 'street' THEN 'street' ELSE 'department' END AS kind,
       d.sort_order, d.active,
       coalesce(c.normal, 0) AS case_normal, coalesce(c.warning, 0) AS case_warning, coalesce(c.yellow, 0) AS case_yellow, coalesce(c.red, 0) AS case_red,
       coalesce(p.normal, 0) AS petition_normal, coalesce(p.warning, 0) AS petition_warning, coalesce(p.yellow, 0) AS petition_yellow, coalesce(p.red, 0) AS petition_red
FROM d LEFT JOIN c ON c.department_code = d.code LEFT JOIN p ON p.department_code = d.code
ORDER BY d.sort_order, d.code
