-- The level history of one case, oldest first.
-- $1 text: case number
SELECT id, from_level, to_level, effective_at, recorded_at, source, explanation
FROM level_changes WHERE subject = 'case' AND subject_no = $1 ORDER BY id
