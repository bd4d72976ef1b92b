-- Appends a step to an order (the order row must be locked by the caller: seq is max + 1).
-- $1 bigint: order id, $2 text: kind, $3 text: body, $4 text: from state (NULL for 'issued'),
-- $5 text: to state, $6 bigint: actor id, $7 text: actor name, $8 text: actor role, $9 timestamptz: at
INSERT INTO supervision_order_steps (order_id, seq, kind, body, from_state, to_state, actor_id, actor_name, actor_role, at)
SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM supervision_order_steps WHERE order_id = $1
RETURNING id::text AS id, seq, kind, body, from_state, to_state, actor_id::text AS actor_id, actor_name, actor_role, at
