-- An API key by id, unless revoked.
-- $1 text: key id
SELECT id, source, secret_hash, departments FROM source_keys WHERE id = $1 AND revoked_at IS NULL
