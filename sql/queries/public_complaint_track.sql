-- A public complaint by the hash of its tracking code: its petition as projected (absent until the
-- projection ran), the department's name and the latest answer text of the department.
-- $1 text: sha-256 hex of the tracking code
SELECT pc.petition_no, pc.created_at, pc.rated_at, pc.rating AS public_rating,
       p.status, p.petition_kind, p.received_at, p.replied_at, p.closed_at, p.deadline_date::text AS deadline_date, p.level,
       p.department_code, coalesce(d.short_name, d.name) AS department_name, p.citizen,
       (SELECT e.body ->> 'reply' FROM events e
         WHERE e.petition_no = pc.petition_no AND e.kind = 'petition.replied'
         ORDER BY e.occurred_at DESC LIMIT 1) AS answer
FROM public_complaints pc
LEFT JOIN petitions p ON p.petition_no = pc.petition_no
LEFT JOIN departments d ON d.code = p.department_code
WHERE pc.code_hash = $1
