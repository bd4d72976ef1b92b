-- One answered petition to publish: its department, times, citizen and handler (for masking), subject and latest answer.
-- $1 text: petition number
SELECT p.petition_no, p.petition_kind, p.department_code, p.received_at, p.replied_at, p.citizen, p.state ->> 'handler' AS handler,
       coalesce(p.state ->> 'subject', (SELECT e.body ->> 'subject' FROM events e
         WHERE e.petition_no = p.petition_no AND e.kind = 'petition.received' ORDER BY e.occurred_at LIMIT 1)) AS subject,
       (SELECT e.body ->> 'reply' FROM events e
         WHERE e.petition_no = p.petition_no AND e.kind = 'petition.replied' ORDER BY e.occurred_at DESC LIMIT 1) AS answer
FROM petitions p
WHERE p.petition_no = $1 AND p.status IN ('replied', 'closed')
