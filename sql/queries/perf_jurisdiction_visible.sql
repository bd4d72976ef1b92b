-- A jurisdiction's time zone, when the user sees at least one of its departments.
-- $1 bigint: user id, $2 text: jurisdiction code
SELECT j.code, j.time_zone
FROM jurisdictions j
WHERE j.code = $2
  AND EXISTS (SELECT 1 FROM departments d WHERE d.jurisdiction_code = j.code AND d.code = ANY (visible_departments($1)))
