-- Claims up to $2 due outbox rows for delivery (several workers may run: SKIP LOCKED). A claim is a
-- lease: status 'sending' until $3, after which a crashed worker's rows are due again. The attempt
-- is counted here. Returns the rows with the recipient's current contact data.
-- $1 timestamptz: now, $2 int: batch size, $3 timestamptz: lease end
WITH due AS (
  SELECT id FROM notification_outbox
  WHERE status IN ('pending', 'held', 'sending') AND next_attempt_at <= $1
  ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
)
UPDATE notification_outbox n
SET status = 'sending', attempts = n.attempts + 1, next_attempt_at = $3
FROM due, users u
WHERE n.id = due.id AND u.id = n.user_id
RETURNING n.id::text AS id, n.event, n.channel, n.user_id::text AS user_id, n.subject, n.subject_no, n.params, n.urgent,
          n.attempts, n.status, n.created_at, u.email, u.phone, u.display_name, u.active
