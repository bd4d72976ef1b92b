-- Records the outcome of one delivery attempt.
-- $1 bigint: outbox id, $2 text: status (sent | held | pending | failed | skipped),
-- $3 timestamptz: next attempt (held / pending), $4 text: error or NULL, $5 boolean: give the attempt back (held: not a try)
UPDATE notification_outbox
SET status = $2, next_attempt_at = coalesce($3, next_attempt_at), last_error = $4,
    attempts = CASE WHEN $5 THEN greatest(attempts - 1, 0) ELSE attempts END,
    sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
WHERE id = $1
