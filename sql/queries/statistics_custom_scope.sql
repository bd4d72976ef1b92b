-- Whether a user's visible departments are whole jurisdictions (every department of each
-- jurisdiction they see a department of): then a custom report by handler can read the rollup of
-- migration 310, whose handler rows carry the jurisdiction, not the department.
-- $1 bigint: user id
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes)
SELECT NOT EXISTS (
  SELECT 1 FROM departments d CROSS JOIN scope
  WHERE d.jurisdiction_code IN (SELECT v.jurisdiction_code FROM departments v WHERE v.code = ANY (scope.codes))
    AND NOT (d.code = ANY (scope.codes))
) AS whole
