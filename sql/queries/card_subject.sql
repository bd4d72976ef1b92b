-- The department of a case or petition, if the user may see it (department scope enforced here).
-- $1 bigint: user id, $2 text: subject ('case' | 'petition'), $3 text: subject number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT department_code FROM (
  SELECT c.department_code, c.joint_departments AS also FROM cases c WHERE $2 = 'case' AND c.case_no = $3
  UNION ALL
  SELECT p.department_code, '{}'::text[] FROM petitions p WHERE $2 = 'petition' AND p.petition_no = $3
) s, scope
WHERE s.department_code = ANY (scope.codes) OR s.also && scope.codes
