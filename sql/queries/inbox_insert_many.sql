-- Delivers several in-app outbox rows into the inbox in one statement (idempotent on the outbox id):
-- a red card's rows for every leader in scope go together, not one round trip each.
-- $1 bigint[]: outbox ids, $2 bigint[]: user ids, $3 text[]: events, $4 text[]: subjects,
-- $5 text[]: subject nos, $6 text[]: titles, $7 text[]: bodies, $8 text[]: links, $9 boolean[]: urgent
INSERT INTO notifications (outbox_id, user_id, event, subject, subject_no, title, body, link, urgent)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[])
ON CONFLICT (outbox_id) DO UPDATE SET outbox_id = EXCLUDED.outbox_id
RETURNING outbox_id::text AS outbox_id, id::text AS id, event, subject, subject_no, title, body, link, urgent, created_at, read_at
