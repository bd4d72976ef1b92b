-- Removes the level scheme of a scope (the next one in precedence applies); returns the removed row.
-- $1 text: scope, $2 text: scope code
DELETE FROM level_schemes WHERE scope = $1 AND scope_code = $2 RETURNING to_jsonb(level_schemes) AS before
