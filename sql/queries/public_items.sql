-- The service guide's catalogue: active items of active departments, optionally matching a keyword
-- (item name or code, case-insensitive substring) and a department. Ordered by department, name.
-- $1 text: keyword (null: any), $2 text: department code (null: any), $3 int: limit
SELECT i.code, i.name, i.case_type, i.legal_limit, i.legal_unit, i.promised_limit, i.promised_unit,
       i.fee_standard::float8 AS fee, i.department_code, coalesce(d.short_name, d.name) AS department_name,
       cardinality(i.guide_materials) AS material_count
FROM items i
JOIN departments d ON d.code = i.department_code
WHERE i.active AND d.active
  AND ($1::text IS NULL OR i.name ILIKE '%' || $1 || '%' OR i.code ILIKE '%' || $1 || '%')
  AND ($2::text IS NULL OR i.department_code = $2)
ORDER BY d.sort_order, d.code, i.name, i.code
LIMIT $3
