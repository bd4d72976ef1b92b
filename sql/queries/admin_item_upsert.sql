-- Creates or updates an item (the administration's edit and its XLSX import).
-- $1 text: code
-- $2 text: name
-- $3 text: department code
-- $4 text: case type
-- $5 integer: legal limit, or NULL
-- $6 text: legal limit unit
-- $7 integer: promised limit, or NULL
-- $8 text: promised limit unit
-- $9 numeric: fee standard
-- $10 boolean: active
INSERT INTO items (code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard, active)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name, department_code = EXCLUDED.department_code, case_type = EXCLUDED.case_type,
  legal_limit = EXCLUDED.legal_limit, legal_unit = EXCLUDED.legal_unit, promised_limit = EXCLUDED.promised_limit,
  promised_unit = EXCLUDED.promised_unit, fee_standard = EXCLUDED.fee_standard, active = EXCLUDED.active
RETURNING code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard::float8 AS fee_standard, active
