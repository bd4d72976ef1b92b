-- A run's workflow steps, in order.
-- $1 bigint: run id
SELECT id::text, action, from_state, to_state, note, actor_name, actor_role, at FROM performance_steps WHERE run_id = $1 ORDER BY id
