-- The items of the given codes, locked for update (an import compares and writes them).
-- $1 text[]: item codes
SELECT code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard::float8 AS fee_standard, active FROM items WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE
