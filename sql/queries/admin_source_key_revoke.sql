-- Revokes a key now (it stops working at once).
-- $1 text: key id
UPDATE source_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
RETURNING id, source, departments, description, created_at, expires_at, revoked_at, rotated_from
