-- Moves an order to a new state after a step; a stopped clock has no next transition.
-- $1 bigint: order id, $2 text: new state, $3 boolean: clock still running
UPDATE supervision_orders
SET state = $2, next_transition_at = CASE WHEN $3 THEN next_transition_at ELSE NULL END, version = version + 1
WHERE id = $1
RETURNING id::text AS id, state, level, version
