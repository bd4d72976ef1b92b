-- Delivery status of the notifications about a subject (order, urging, case …) or a card, for a
-- user who may see its department. No addresses: channel, recipient name, status, attempts.
-- $1 bigint: user id, $2 text: subject or NULL, $3 text: subject no or NULL, $4 bigint: card id or NULL
SELECT n.id::text AS id, n.event, n.channel, n.user_id::text AS user_id, u.display_name AS user_name, n.subject, n.subject_no,
       n.card_id::text AS card_id, n.status, n.attempts, n.next_attempt_at, n.last_error, n.urgent, n.created_at, n.sent_at
FROM notification_outbox n
JOIN users u ON u.id = n.user_id
WHERE (($4::bigint IS NOT NULL AND n.card_id = $4) OR ($4::bigint IS NULL AND n.subject = $2 AND n.subject_no = $3))
  AND (
    (n.subject = 'order' AND EXISTS (SELECT 1 FROM supervision_orders o WHERE o.id::text = n.subject_no AND o.department_code = ANY ((SELECT visible_departments($1))::text[])))
    OR (n.subject = 'urging' AND EXISTS (SELECT 1 FROM urgings g WHERE g.id::text = n.subject_no AND g.department_code = ANY ((SELECT visible_departments($1))::text[])))
    OR (n.subject = 'case' AND EXISTS (SELECT 1 FROM cases c WHERE c.case_no = n.subject_no AND c.department_code = ANY ((SELECT visible_departments($1))::text[])))
    OR (n.subject = 'petition' AND EXISTS (SELECT 1 FROM petitions p WHERE p.petition_no = n.subject_no AND p.department_code = ANY ((SELECT visible_departments($1))::text[])))
  )
ORDER BY n.id
LIMIT 500
