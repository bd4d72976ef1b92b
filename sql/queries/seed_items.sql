-- Upserts the item catalogue (scripts/seed.ts).
-- $1 jsonb: array of {code, departmentCode, name, caseType, legalLimit, legalUnit, promisedLimit, promisedUnit, feeStandard, stageSet, specialProcedure, supplementMode}
INSERT INTO items (code, department_code, name, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard, stage_set, special_procedure, supplement_mode, active)
SELECT i.code, i."departmentCode", i.name, i."caseType", i."legalLimit", i."legalUnit", i."promisedLimit", i."promisedUnit", i."feeStandard",
       ARRAY(SELECT jsonb_array_elements_text(i."stageSet")), i."specialProcedure", i."supplementMode", true
FROM jsonb_to_recordset($1::jsonb) AS i (code text, "departmentCode" text, name text, "caseType" text, "legalLimit" int, "legalUnit" text, "promisedLimit" int,
  "promisedUnit" text, "feeStandard" numeric, "stageSet" jsonb, "specialProcedure" boolean, "supplementMode" text)
ON CONFLICT (code) DO UPDATE SET department_code = EXCLUDED.department_code, name = EXCLUDED.name, case_type = EXCLUDED.case_type,
  legal_limit = EXCLUDED.legal_limit, legal_unit = EXCLUDED.legal_unit, promised_limit = EXCLUDED.promised_limit, promised_unit = EXCLUDED.promised_unit,
  fee_standard = EXCLUDED.fee_standard, stage_set = EXCLUDED.stage_set, special_procedure = EXCLUDED.special_procedure,
  supplement_mode = EXCLUDED.supplement_mode, active = true
