-- One source API key, locked for update.
-- $1 text: key id
SELECT id, source, departments, description, created_at, expires_at, revoked_at, rotated_from FROM source_keys WHERE id = $1 FOR UPDATE
