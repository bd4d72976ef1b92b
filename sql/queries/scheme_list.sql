-- The level scheme versions that can still govern a case, most general scope first: not withdrawn,
-- and not dead (a newer version of the scope holds for every case this one holds for: one for
-- every case, or one from an earlier or equal date; domain/rules/schemeVersions.ts isLive).
SELECT s.id, s.scope, s.scope_code, s.warning_offset, s.warning_share::float8 AS warning_share, s.yellow_offset, s.red_offset,
       s.card_rules, to_char(s.accepted_from, 'YYYY-MM-DD') AS accepted_from, s.updated_at, s.updated_by
FROM level_schemes s
WHERE NOT s.withdrawn
  AND NOT EXISTS (SELECT 1 FROM level_schemes n
                  WHERE n.scope = s.scope AND n.scope_code = s.scope_code AND n.id > s.id
                    AND (n.accepted_from IS NULL OR n.accepted_from <= s.accepted_from))
ORDER BY array_position(ARRAY['jurisdiction', 'department', 'item'], s.scope), s.scope_code, s.id
