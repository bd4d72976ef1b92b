-- Records several outbox rows delivered (as outbox_settle with status 'sent', for a batch).
-- $1 bigint[]: outbox ids
UPDATE notification_outbox
SET status = 'sent', last_error = NULL, sent_at = now()
WHERE id = ANY($1::bigint[])
