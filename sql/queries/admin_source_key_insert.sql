-- A new source API key (only the hash of its secret).
-- $1 text: key id
-- $2 text: source
-- $3 text: secret hash
-- $4 text[]: departments, or NULL for any
-- $5 text: description, or NULL
-- $6 text: the key it replaces, or NULL
-- $7 text: the creating user's id, or NULL
INSERT INTO source_keys (id, source, secret_hash, departments, description, rotated_from, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, source, departments, description, created_at, expires_at, revoked_at, rotated_from
