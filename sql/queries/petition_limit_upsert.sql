-- Sets one petition time limit of a jurisdiction; returns the previous value (for the audit).
-- $1 text: jurisdiction code, $2 text: petition kind, $3 text: stage ('acknowledge' | 'conclude'), $4 int: limit, $5 text: unit
WITH before AS (
  SELECT limit_value, limit_unit FROM petition_limits WHERE jurisdiction_code = $1 AND petition_kind = $2 AND stage = $3
), upserted AS (
  INSERT INTO petition_limits (jurisdiction_code, petition_kind, stage, limit_value, limit_unit) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (jurisdiction_code, petition_kind, stage) DO UPDATE SET limit_value = EXCLUDED.limit_value, limit_unit = EXCLUDED.limit_unit
  RETURNING limit_value, limit_unit
)
SELECT (SELECT to_jsonb(b) FROM before b) AS before, (SELECT to_jsonb(u) FROM upserted u) AS after
