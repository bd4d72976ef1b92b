-- Records a saved rule change with its preview and recompute.
-- $1 text: jurisdiction, $2 jsonb: change, $3 jsonb: inverse, $4 text: reason, $5 text: requested by,
-- $6 timestamptz: evaluated at, $7 jsonb: summary, $8 jsonb: moves, $9 bigint: recompute id, $10 bigint: undoes (or NULL)
INSERT INTO rule_changes (jurisdiction_code, change, inverse, reason, requested_by, at, summary, moves, recompute_id, undoes)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id::text, recorded_at
