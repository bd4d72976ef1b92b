-- The level scheme of one scope, or no row.
-- $1 text: scope, $2 text: scope code
SELECT warning_offset, warning_share, yellow_offset, red_offset, card_rules FROM level_schemes WHERE scope = $1 AND scope_code = $2
