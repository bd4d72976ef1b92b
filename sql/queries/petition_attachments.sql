-- The attachment images of a petition (without their bytes), if the user may see the petition
-- (department scope enforced here: visible_departments). No row for a petition out of scope.
-- $1 bigint: user id, $2 text: petition number
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT a.ordinal, a.content_type, a.byte_size, a.sha256, a.created_at
FROM complaint_attachments a
JOIN petitions p ON p.petition_no = a.petition_no, scope
WHERE a.petition_no = $2
  AND p.department_code = ANY (scope.codes)
ORDER BY a.ordinal
