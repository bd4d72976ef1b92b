-- Appends one audit row (after audit_head_lock, before audit_head_advance, in one transaction).
-- $1 bigint: seq (head seq + 1)
-- $2 timestamptz: at
-- $3 jsonb: actor
-- $4 text: action
-- $5 text: entity
-- $6 text: entity id
-- $7 jsonb: state before
-- $8 jsonb: state after
-- $9 text: request id
-- $10 text: previous row's hash
-- $11 text: this row's hash
INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, request_id, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
