-- Petition time limits of a jurisdiction with the shipped defaults ('*') beside them.
-- $1 text: jurisdiction code
SELECT jurisdiction_code, petition_kind, stage, limit_value, limit_unit
FROM petition_limits WHERE jurisdiction_code IN ('*', $1)
ORDER BY petition_kind, stage, jurisdiction_code = '*'
