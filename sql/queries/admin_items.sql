-- The item catalogue (事项目录), inactive items included.
-- $1 text: department code, or NULL
-- $2 text: part of the code or name, or NULL
SELECT code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard::float8 AS fee_standard, active
  FROM items
 WHERE ($1::text IS NULL OR department_code = $1)
   AND ($2::text IS NULL OR code ILIKE '%' || $2 || '%' OR name ILIKE '%' || $2 || '%')
 ORDER BY department_code, code
