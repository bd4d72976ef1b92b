-- One active item of the catalogue with the time zone of its department's jurisdiction.
-- $1 text: item code
SELECT i.code, i.department_code, i.name, i.case_type, i.legal_limit, i.legal_unit, i.promised_limit, i.promised_unit,
       i.fee_standard::float8 AS fee_standard, i.stage_set, i.special_procedure, i.supplement_mode, j.time_zone
FROM items i JOIN departments d ON d.code = i.department_code JOIN jurisdictions j ON j.code = d.jurisdiction_code
WHERE i.code = $1 AND i.active
