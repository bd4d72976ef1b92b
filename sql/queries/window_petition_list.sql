-- The approval module's petitions: those of the user's departments (department scope enforced here),
-- newest first, with their text (at most 500 characters) and how many images were filed with them.
-- $1 bigint: user id
-- $2 text: status, or null
-- $3 text: petition kind, or null
-- $4 int: page size
-- $5 int: offset
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT p.petition_no, p.department_code, p.petition_kind, p.channel, p.status, p.level, p.citizen,
       p.state ->> 'subject' AS subject,
       (SELECT count(*)::int FROM complaint_attachments a WHERE a.petition_no = p.petition_no) AS attachment_count,
       p.received_at, p.replied_at, p.deadline_date::text AS deadline_date
FROM petitions p, scope
WHERE p.department_code = ANY (scope.codes)
  AND ($2::text IS NULL OR p.status = $2)
  AND ($3::text IS NULL OR p.petition_kind = $3)
ORDER BY coalesce(p.received_at, p.last_occurred_at) DESC, p.petition_no DESC
LIMIT $4 OFFSET $5
