-- The wall's card ticker: the newest yellow and red cards of a jurisdiction (and everything
-- under it), revoked ones included (the ticker shows what happened). No personal data: the
-- subject number is masked by the caller, the item name comes from the catalogue, and the reason
-- (typed by a supervisor for a manual card) is scrubbed by the caller of the subject's applicant or
-- citizen (`person`, never shown) and of ID and phone numbers. Newest by when the card took effect
-- (the threshold crossed or the rule broken, migration 110), not when it was recorded.
-- $1 text: jurisdiction code, $2 int: limit
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
)
SELECT c.id::text AS id, c.issued_at, coalesce(c.effective_at, c.issued_at) AS effective_at, c.color, c.department_code, coalesce(d.short_name, d.name) AS department_name,
       i.name AS item_name, c.subject_no, c.subject, c.rule, c.reason, coalesce(cs.applicant, p.citizen) AS person
FROM cards c
JOIN departments d ON d.code = c.department_code
LEFT JOIN cases cs ON c.subject = 'case' AND cs.case_no = c.subject_no
LEFT JOIN petitions p ON c.subject = 'petition' AND p.petition_no = c.subject_no
LEFT JOIN items i ON i.code = cs.item_code
WHERE c.color IS NOT NULL AND d.jurisdiction_code IN (SELECT code FROM scope)
ORDER BY coalesce(c.effective_at, c.issued_at) DESC, c.id DESC
LIMIT $2
