-- Creates or replaces the level scheme of a scope; returns the previous row (for the audit) and the new one.
-- $1 text: scope ('jurisdiction' | 'department' | 'item'), $2 text: scope code, $3 int: warning offset (or NULL),
-- $4 numeric: warning share (or NULL), $5 int: yellow offset, $6 int: red offset, $7 jsonb: card rule switches, $8 text: updated by
WITH before AS (
  SELECT to_jsonb(s) AS row FROM level_schemes s WHERE scope = $1 AND scope_code = $2
), upserted AS (
  INSERT INTO level_schemes (scope, scope_code, warning_offset, warning_share, yellow_offset, red_offset, card_rules, updated_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (scope, scope_code) DO UPDATE SET
    warning_offset = EXCLUDED.warning_offset, warning_share = EXCLUDED.warning_share, yellow_offset = EXCLUDED.yellow_offset,
    red_offset = EXCLUDED.red_offset, card_rules = EXCLUDED.card_rules, updated_by = EXCLUDED.updated_by, updated_at = now()
  RETURNING to_jsonb(level_schemes) AS row
)
SELECT (SELECT row FROM before) AS before, (SELECT row FROM upserted) AS after
