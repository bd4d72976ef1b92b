-- Every level scheme version, oldest first (clock context and preview; the governing version and
-- the precedence are applied in TypeScript: domain/rules/schemeVersions.ts).
SELECT s.id::text AS id, scope, scope_code, warning_offset, warning_share, yellow_offset, red_offset, card_rules,
       to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, withdrawn
FROM level_schemes s ORDER BY s.id  -- the bigint, not the text alias (version order)
