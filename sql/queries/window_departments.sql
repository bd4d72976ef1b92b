-- Departments a window user may name as joint departments (联办部门): every active department of the
-- jurisdictions of the departments the user may act for. Codes and names only.
-- $1 bigint: user id
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT d.code, d.name, d.kind, (d.code = ANY (scope.codes)) AS own
FROM departments d, scope
WHERE d.active
  AND d.jurisdiction_code IN (SELECT o.jurisdiction_code FROM departments o WHERE o.code = ANY (scope.codes))
ORDER BY d.sort_order, d.code
