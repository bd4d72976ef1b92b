-- Audit rows newest first, optionally for one entity or one actor.
-- $1 text: entity, or null for all
-- $2 text: entity id, or null for all
-- $3 text: actor id (user id or API key id), or null for all
-- $4 bigint: only rows before this seq, or null for the newest
-- $5 int: page size
SELECT seq, at, actor, action, entity, entity_id, before, after, request_id, prev_hash, hash
FROM audit_log
WHERE ($1::text IS NULL OR entity = $1)
  AND ($2::text IS NULL OR entity_id = $2)
  AND ($3::text IS NULL OR actor ->> 'id' = $3)
  AND ($4::bigint IS NULL OR seq < $4)
ORDER BY seq DESC
LIMIT $5
