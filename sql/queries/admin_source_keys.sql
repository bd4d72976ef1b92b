-- Every source API key (never its secret hash), newest first.
SELECT id, source, departments, description, created_at, expires_at, revoked_at, rotated_from FROM source_keys ORDER BY source, created_at DESC, id
