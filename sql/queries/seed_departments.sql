-- Upserts departments (scripts/seed.ts).
-- $1 jsonb: array of {code, jurisdictionCode, parentCode, name, shortName, kind, divisionCode, sortOrder}
INSERT INTO departments (code, jurisdiction_code, parent_code, name, short_name, kind, division_code, sort_order, active)
SELECT d.code, d."jurisdictionCode", d."parentCode", d.name, d."shortName", d.kind, d."divisionCode", d."sortOrder", true
FROM jsonb_to_recordset($1::jsonb) AS d (code text, "jurisdictionCode" text, "parentCode" text, name text, "shortName" text, kind text, "divisionCode" text, "sortOrder" int)
ON CONFLICT (code) DO UPDATE SET jurisdiction_code = EXCLUDED.jurisdiction_code, parent_code = EXCLUDED.parent_code, name = EXCLUDED.name,
  short_name = EXCLUDED.short_name, kind = EXCLUDED.kind, division_code = EXCLUDED.division_code, sort_order = EXCLUDED.sort_order, active = true
