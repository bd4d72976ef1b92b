-- Whether an API key id is present and not revoked (scripts/seed.ts checks the simulator's key).
-- $1 text: key id
SELECT EXISTS (SELECT 1 FROM source_keys WHERE id = $1 AND revoked_at IS NULL) AS present
