-- Cards in the user's department scope, newest first, with their revocation and confirmation if any.
-- $1 bigint: user id, $2 text: subject number filter (or NULL), $3 int: limit, $4 int: offset
-- $5 text: state filter: active | revoked | unconfirmed (automatic, active, not confirmed) | published, or NULL for all
-- $6 text: colour filter (yellow | red), or NULL
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT c.id, c.subject, c.subject_no, c.department_code, c.color, c.rule, c.reason, c.issued_at, coalesce(c.effective_at, c.issued_at) AS effective_at, c.issued_by,
       r.id AS revoked_by_record, r.reason AS revocation_reason, r.issued_at AS revoked_at, r.issued_by AS revoked_by,
       k.confirmed_at, k.confirmed_by, k.note AS confirmation_note,
       (r.id IS NULL AND (c.rule = 'manual' OR k.id IS NOT NULL)) AS published
FROM cards c
CROSS JOIN scope
LEFT JOIN cards r ON r.revokes = c.id
LEFT JOIN card_confirmations k ON k.card_id = c.id
WHERE c.color IS NOT NULL AND c.department_code = ANY (scope.codes) AND ($2::text IS NULL OR c.subject_no = $2)
  AND ($6::text IS NULL OR c.color = $6)
  AND CASE coalesce($5::text, 'all')
        WHEN 'all' THEN true
        WHEN 'active' THEN r.id IS NULL
        WHEN 'revoked' THEN r.id IS NOT NULL
        WHEN 'unconfirmed' THEN r.id IS NULL AND c.rule <> 'manual' AND k.id IS NULL
        WHEN 'published' THEN r.id IS NULL AND (c.rule = 'manual' OR k.id IS NOT NULL)
        ELSE false END
ORDER BY c.issued_at DESC, c.id DESC
LIMIT $3 OFFSET $4
