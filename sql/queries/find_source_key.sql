-- An API key by id, unless revoked or expired (a rotated key stays valid until its expires_at).
-- $1 text: key id
SELECT id, source, secret_hash, departments, expires_at FROM source_keys WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
