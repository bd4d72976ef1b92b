-- Locks the existing case rows of a projection batch and their clock rows (so that the sweep,
-- which skips locked clock rows, leaves them to the projection); returns their current level and
-- stage list (so that only the stage rows that changed are rewritten) and, for a row whose fold
-- can be resumed (a cursor, migration 360), its state and cursor.
-- $1 text[]: case numbers
WITH k AS MATERIALIZED (
  SELECT case_no, level FROM case_clocks WHERE case_no = ANY($1) ORDER BY case_no FOR UPDATE
)
SELECT c.case_no, c.version, coalesce(k.level, 'normal') AS level, c.state -> 'stages' AS stages,
       CASE WHEN c.fold_cursor IS NOT NULL THEN c.state END AS state, c.fold_cursor
FROM cases c LEFT JOIN k USING (case_no)
WHERE c.case_no = ANY($1) ORDER BY c.case_no FOR UPDATE OF c
