-- One card (not a revocation record), whether it is already revoked, if the user may see its department.
-- $1 bigint: user id, $2 bigint: card id
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.id, c.subject, c.subject_no, c.department_code, c.color, c.rule, c.reason,
       EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id) AS revoked
FROM cards c, scope
WHERE c.id = $2 AND c.color IS NOT NULL AND c.department_code = ANY (scope.codes)
