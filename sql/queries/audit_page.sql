-- A page of the audit log in chain order, for verification.
-- $1 bigint: the page starts after this seq (0 for the beginning)
-- $2 int: page size
SELECT seq, at, actor, action, entity, entity_id, before, after, request_id, prev_hash, hash
FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2
