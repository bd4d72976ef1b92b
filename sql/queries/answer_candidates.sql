-- Answered petitions (replied or closed) the supervision office may publish, newest answer first,
-- with the latest answer text, the citizen and handler (for masking only, never sent) and the publication.
-- $1 boolean: only published (true), only unpublished (false), all (null), $2 int: limit
SELECT p.petition_no, p.petition_kind, p.received_at, p.replied_at, p.rating, p.citizen, p.state ->> 'handler' AS handler,
       coalesce(d.short_name, d.name) AS department_name,
       coalesce(p.state ->> 'subject', (SELECT e.body ->> 'subject' FROM events e
         WHERE e.petition_no = p.petition_no AND e.kind = 'petition.received' ORDER BY e.occurred_at LIMIT 1)) AS subject,
       (SELECT e.body ->> 'reply' FROM events e
         WHERE e.petition_no = p.petition_no AND e.kind = 'petition.replied' ORDER BY e.occurred_at DESC LIMIT 1) AS answer,
       pa.id::text AS published_id
FROM petitions p
LEFT JOIN departments d ON d.code = p.department_code
LEFT JOIN published_answers pa ON pa.petition_no = p.petition_no AND pa.withdrawn_at IS NULL
WHERE p.status IN ('replied', 'closed')
  AND ($1::boolean IS NULL OR (pa.id IS NOT NULL) = $1)
ORDER BY p.replied_at DESC NULLS LAST, p.petition_no
LIMIT $2
