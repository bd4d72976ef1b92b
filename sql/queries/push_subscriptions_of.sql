-- The push subscriptions of one user.
-- $1 bigint: user id
SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at
