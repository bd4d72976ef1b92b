-- Automatic cards of these subjects that have not been revoked.
-- $1 text: subject kind, $2 text[]: subject numbers
SELECT c.id, c.subject_no, c.rule_key
FROM cards c
WHERE c.subject = $1 AND c.subject_no = ANY($2) AND c.rule_key IS NOT NULL AND c.color IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id)
