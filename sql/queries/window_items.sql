-- The item catalogue for the window's forms: active items of the departments the user may act for.
-- $1 bigint: user id
-- $2 text: department code (that department only), or null for every visible one
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT i.code, i.department_code, d.name AS department_name, i.name, i.case_type, i.legal_limit, i.legal_unit,
       i.promised_limit, i.promised_unit, i.fee_standard::float8 AS fee_standard, i.stage_set, i.special_procedure, i.supplement_mode
FROM items i JOIN departments d ON d.code = i.department_code, scope
WHERE i.active AND d.active
  AND i.department_code = ANY (scope.codes)
  AND ($2::text IS NULL OR i.department_code = $2)
ORDER BY d.sort_order, i.department_code, i.code
