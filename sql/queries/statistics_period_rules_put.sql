-- Sets the statistics period rules of a jurisdiction; returns the rules before (null: default) and after.
-- $1 text: jurisdiction code
-- $2 jsonb: rules (validated by domain/statistics/periods.ts parsePeriodRules)
-- $3 text: who
WITH before AS (SELECT rules FROM statistics_period_rules WHERE jurisdiction_code = $1 FOR UPDATE),
     up AS (
       INSERT INTO statistics_period_rules AS r (jurisdiction_code, rules, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (jurisdiction_code) DO UPDATE SET rules = EXCLUDED.rules, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING rules
     )
SELECT (SELECT rules FROM before) AS before, (SELECT rules FROM up) AS after
