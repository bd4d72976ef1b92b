-- Sets the level scheme of a scope for every case (PUT /api/v1/schemes): the scope's newest version
-- is replaced when it is one for every case, otherwise a version for every case is appended
-- (migration 270: it then governs all the scope's cases). Returns the previous newest version (for
-- the audit) and the new one.
-- $1 text: scope ('jurisdiction' | 'department' | 'item'), $2 text: scope code, $3 int: warning offset (or NULL),
-- $4 numeric: warning share (or NULL), $5 int: yellow offset, $6 int: red offset, $7 jsonb: card rule switches, $8 text: updated by
WITH before AS (
  SELECT s.id, s.accepted_from, s.withdrawn, to_jsonb(s) AS row FROM level_schemes s
  WHERE scope = $1 AND scope_code = $2 ORDER BY id DESC LIMIT 1
), updated AS (
  UPDATE level_schemes s SET
    warning_offset = $3, warning_share = $4, yellow_offset = $5, red_offset = $6, card_rules = $7, updated_by = $8, updated_at = now()
  FROM before b
  WHERE s.id = b.id AND b.accepted_from IS NULL AND NOT b.withdrawn
  RETURNING to_jsonb(s) AS row
), inserted AS (
  INSERT INTO level_schemes (scope, scope_code, warning_offset, warning_share, yellow_offset, red_offset, card_rules, updated_by)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8
  WHERE NOT EXISTS (SELECT 1 FROM before b WHERE b.accepted_from IS NULL AND NOT b.withdrawn)
  RETURNING to_jsonb(level_schemes) AS row
)
SELECT (SELECT row FROM before) AS before, coalesce((SELECT row FROM updated), (SELECT row FROM inserted)) AS after
