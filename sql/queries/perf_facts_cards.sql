-- Performance facts: the cards issued in a period to a jurisdiction's departments and not revoked
-- (as of the computation), with the handler of the case behind a case card.
-- $1 text: jurisdiction code, $2 timestamptz: period start (inclusive), $3 timestamptz: period end (exclusive)
SELECT k.department_code, k.id::text AS id, k.subject, k.subject_no, k.color, k.rule, k.issued_at,
       CASE WHEN k.subject = 'case' THEN (SELECT c.handler FROM cases c WHERE c.case_no = k.subject_no) END AS handler
FROM cards k
JOIN departments d ON d.code = k.department_code AND d.jurisdiction_code = $1
WHERE k.color IS NOT NULL AND k.issued_at >= $2 AND k.issued_at < $3
  AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = k.id)
ORDER BY k.issued_at, k.id
