-- Cards of one subject with their revocations, oldest first.
-- $1 text: subject kind ('case' | 'petition' | 'order'), $2 text: subject number
SELECT c.id, c.color, c.rule, c.reason, c.explanation, c.issued_at, coalesce(c.effective_at, c.issued_at) AS effective_at, c.issued_by, c.revokes
FROM cards c WHERE c.subject = $1 AND c.subject_no = $2 ORDER BY c.id
