-- Records a push attempt's outcome; a subscription the push service says is gone (404/410) is removed.
-- $1 text: endpoint, $2 boolean: ok, $3 text: error or NULL, $4 boolean: gone
WITH del AS (DELETE FROM push_subscriptions WHERE endpoint = $1 AND $4 RETURNING 1)
UPDATE push_subscriptions SET last_ok_at = CASE WHEN $2 THEN now() ELSE last_ok_at END, last_error = $3
WHERE endpoint = $1 AND NOT $4
