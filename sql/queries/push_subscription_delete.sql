-- Removes one of the user's push subscriptions.
-- $1 text: endpoint, $2 bigint: user id
DELETE FROM push_subscriptions WHERE endpoint = $1 AND user_id = $2
