-- Revokes cards by adding revocation records (cards are never edited or deleted).
-- $1 json: array of {id, reason, issued_by}
INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, issued_by, revokes)
SELECT c.subject, c.subject_no, c.department_code, NULL, c.rule, r.reason, jsonb_build_object('revokedCard', c.id), r.issued_by, c.id
FROM json_to_recordset($1::json) AS r(id bigint, reason text, issued_by text)
JOIN cards c ON c.id = r.id
ON CONFLICT DO NOTHING
RETURNING id, revokes
