-- One workflow step of a run.
-- $1 bigint: run id, $2 text: action, $3 text: from state (or NULL), $4 text: to state, $5 text: note, $6 bigint: user id, $7 text: user name, $8 text: role
INSERT INTO performance_steps (run_id, action, from_state, to_state, note, actor_id, actor_name, actor_role)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
