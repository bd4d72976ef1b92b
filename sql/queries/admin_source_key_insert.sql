-- A new source API key (only the hash of its secret).
-- $1 id, $2 source, $3 secret hash, $4 departments or NULL, $5 description or NULL, $6 rotated from or NULL, $7 created by (user id)
INSERT INTO source_keys (id, source, secret_hash, departments, description, rotated_from, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, source, departments, description, created_at, expires_at, revoked_at, rotated_from
