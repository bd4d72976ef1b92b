-- One item, locked for update.
-- $1 text: item code
SELECT code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard::float8 AS fee_standard, active FROM items WHERE code = $1 FOR UPDATE
