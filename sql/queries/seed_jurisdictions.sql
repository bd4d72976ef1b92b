-- Upserts jurisdictions (scripts/seed.ts), parents before children in one statement.
-- $1 jsonb: array of {code, name, level, parentCode, timeZone}
INSERT INTO jurisdictions (code, name, level, parent_code, time_zone)
SELECT j.code, j.name, j.level, j."parentCode", j."timeZone"
FROM jsonb_to_recordset($1::jsonb) AS j (code text, name text, level text, "parentCode" text, "timeZone" text)
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, time_zone = EXCLUDED.time_zone
