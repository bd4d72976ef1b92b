-- Cards in the user's department scope, newest first, with their revocation if any.
-- $1 bigint: user id, $2 text: subject number filter (or NULL), $3 int: limit, $4 int: offset
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.id, c.subject, c.subject_no, c.department_code, c.color, c.rule, c.reason, c.issued_at, c.issued_by,
       r.id AS revoked_by_record, r.reason AS revocation_reason, r.issued_at AS revoked_at, r.issued_by AS revoked_by
FROM cards c
CROSS JOIN scope
LEFT JOIN cards r ON r.revokes = c.id
WHERE c.color IS NOT NULL AND c.department_code = ANY (scope.codes) AND ($2::text IS NULL OR c.subject_no = $2)
ORDER BY c.issued_at DESC, c.id DESC
LIMIT $3 OFFSET $4
