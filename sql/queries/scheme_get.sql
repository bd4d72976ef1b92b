-- The newest level scheme version of one scope (any condition), or no row.
-- $1 text: scope, $2 text: scope code
SELECT s.id::text AS id, warning_offset, warning_share, yellow_offset, red_offset, card_rules,
       to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, withdrawn
FROM level_schemes s WHERE scope = $1 AND scope_code = $2
ORDER BY s.id DESC LIMIT 1  -- the bigint, not the text alias
