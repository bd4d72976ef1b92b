-- Open cases (neither concluded nor returned) and open petitions (not closed) by level for every
-- department of a jurisdiction and everything under it, inactive ones too (their open cases still
-- count in the tiles; the board lists the active ones), from the incremental counts of migration
-- 090: O(departments), the same rule as counting the open rows of cases ⋈ case_clocks and of
-- petitions.
-- $1 text: jurisdiction code
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
), d AS (
  SELECT code, name, short_name, kind, sort_order, active FROM departments WHERE jurisdiction_code IN (SELECT code FROM scope)
), l AS (
  -- the counts kept by migration 090: the folded base plus the deltas not yet folded (tens of
  -- thousands between two folds at a province's size), summed by group first; the few groups are
  -- then filtered by department and laid out by level. The deltas are summed on their own, before
  -- the union: their `n` is an int and the base's a bigint, and a union of the rows themselves
  -- casts every delta row on its way (a third of the statement's time with 20,000 deltas).
  SELECT subject, department_code, level, sum(n) AS n
  FROM (SELECT subject, department_code, level, n FROM wall_open_counts
        UNION ALL SELECT subject, department_code, level, sum(n) FROM wall_open_count_deltas GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3
), o AS (
  SELECT subject, department_code, coalesce(sum(n) FILTER (WHERE level = 'normal'), 0)::int AS normal,
         coalesce(sum(n) FILTER (WHERE level = 'warning'), 0)::int AS warning,
         coalesce(sum(n) FILTER (WHERE level = 'yellow'), 0)::int AS yellow, coalesce(sum(n) FILTER (WHERE level = 'red'), 0)::int AS red
  FROM l WHERE department_code IN (SELECT code FROM d) GROUP BY 1, 2
), c AS (SELECT * FROM o WHERE subject = 'case'), p AS (SELECT * FROM o WHERE subject = 'petition')
SELECT d.code, coalesce(d.short_name, d.name) AS name,
       CASE d.kind WHEN 'town' THEN 'town' WHEN 'street' THEN 'street' ELSE 'department' END AS kind,
       d.sort_order, d.active,
       coalesce(c.normal, 0) AS case_normal, coalesce(c.warning, 0) AS case_warning, coalesce(c.yellow, 0) AS case_yellow, coalesce(c.red, 0) AS case_red,
       coalesce(p.normal, 0) AS petition_normal, coalesce(p.warning, 0) AS petition_warning, coalesce(p.yellow, 0) AS petition_yellow, coalesce(p.red, 0) AS petition_red
FROM d LEFT JOIN c ON c.department_code = d.code LEFT JOIN p ON p.department_code = d.code
ORDER BY d.sort_order, d.code
