-- Published cards (cards_published: manual or confirmed, not revoked) of a jurisdiction for the
-- public site: department, item, day and rule only — never the subject's number or the reason.
-- $1 text: jurisdiction code
-- $2 text: department code, or null for all
-- $3 text: colour ('yellow' | 'red'), or null for both
-- $4 int: year (local), or null for all
-- $5 int: rows at most
SELECT p.id::text AS id, p.color, p.rule, p.subject, p.department_code, coalesce(d.short_name, d.name) AS department_name,
       i.name AS item_name,
       to_char(coalesce(c.effective_at, c.issued_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
       p.published_at
FROM cards_published p
JOIN cards c ON c.id = p.id
JOIN departments d ON d.code = p.department_code
LEFT JOIN cases k ON p.subject = 'case' AND k.case_no = p.subject_no
LEFT JOIN items i ON i.code = k.item_code
WHERE d.jurisdiction_code = $1
  AND ($2::text IS NULL OR p.department_code = $2)
  AND ($3::text IS NULL OR p.color = $3)
  AND ($4::int IS NULL OR extract(year FROM coalesce(c.effective_at, c.issued_at) AT TIME ZONE 'Asia/Shanghai') = $4)
ORDER BY coalesce(c.effective_at, c.issued_at) DESC, p.id DESC
LIMIT $5
