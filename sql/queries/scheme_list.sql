-- Every level scheme, most general scope first.
SELECT id, scope, scope_code, warning_offset, warning_share::float8 AS warning_share, yellow_offset, red_offset, card_rules, updated_at, updated_by
FROM level_schemes ORDER BY array_position(ARRAY['jurisdiction', 'department', 'item'], scope), scope_code
