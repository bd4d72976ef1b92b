-- Registers (or moves to this user) a browser's push subscription.
-- $1 text: endpoint, $2 bigint: user id, $3 text: p256dh key, $4 text: auth secret
INSERT INTO push_subscriptions (endpoint, user_id, p256dh, auth) VALUES ($1, $2, $3, $4)
ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth, last_error = NULL
RETURNING endpoint, created_at
