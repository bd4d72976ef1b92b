-- One attachment image of a petition with its bytes, if the user may see the petition (department scope).
-- $1 bigint: user id, $2 text: petition number, $3 smallint: ordinal
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT a.ordinal, a.content_type, a.byte_size, a.sha256, a.data
FROM complaint_attachments a
JOIN petitions p ON p.petition_no = a.petition_no, scope
WHERE a.petition_no = $2
  AND a.ordinal = $3
  AND p.department_code = ANY (scope.codes)
