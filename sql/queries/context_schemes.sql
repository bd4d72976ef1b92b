-- Every level scheme (clock context; precedence is applied in TypeScript).
SELECT scope, scope_code, warning_offset, warning_share, yellow_offset, red_offset, card_rules FROM level_schemes
