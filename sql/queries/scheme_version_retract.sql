-- Removes one version of a scope's level scheme (the undo of the change that added it); returns
-- the removed row, no row when the version is not the scope's.
-- $1 text: scope, $2 text: scope code, $3 bigint: version id
DELETE FROM level_schemes WHERE scope = $1 AND scope_code = $2 AND id = $3
RETURNING id::text AS id, warning_offset, warning_share, yellow_offset, red_offset, card_rules,
          to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, withdrawn
