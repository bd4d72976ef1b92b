-- Moves a run to its next state, stamping who did it.
-- $1 bigint: run id, $2 text: new state, $3 bigint: user id
UPDATE performance_runs SET
  state = $2,
  submitted_by = CASE WHEN $2 = 'submitted' THEN $3 WHEN $2 = 'draft' THEN NULL ELSE submitted_by END,
  submitted_at = CASE WHEN $2 = 'submitted' THEN now() WHEN $2 = 'draft' THEN NULL ELSE submitted_at END,
  approved_by = CASE WHEN $2 = 'approved' THEN $3 ELSE approved_by END,
  approved_at = CASE WHEN $2 = 'approved' THEN now() ELSE approved_at END,
  published_by = CASE WHEN $2 = 'published' THEN $3 ELSE published_by END,
  published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END
WHERE id = $1
