-- Delivers an in-app outbox row into the inbox (idempotent on the outbox id).
-- $1 bigint: outbox id, $2 bigint: user id, $3 text: event, $4 text: subject, $5 text: subject no,
-- $6 text: title, $7 text: body, $8 text: link, $9 boolean: urgent
INSERT INTO notifications (outbox_id, user_id, event, subject, subject_no, title, body, link, urgent)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (outbox_id) DO UPDATE SET outbox_id = EXCLUDED.outbox_id
RETURNING id::text AS id, event, subject, subject_no, title, body, link, urgent, created_at, read_at
