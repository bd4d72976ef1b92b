-- Whether a jurisdiction exists.
-- $1 text: jurisdiction code
SELECT 1 AS found FROM jurisdictions WHERE code = $1
