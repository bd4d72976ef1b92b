-- The projection's read of its cases, in received order: every stored event of the cases in $1,
-- except for those in $2 (their stored fold can be resumed, migration 360): only their events
-- still queued as unprojected (migration 300), which the projection folds onto the stored state.
-- $1 text[]: case numbers, $2 text[]: those of them read from the queue only
SELECT seq, source, event_id, occurred_at, received_at, case_no AS subject_no, department_code, kind, body
FROM events e
WHERE case_no = ANY($1)
  AND (case_no <> ALL($2::text[]) OR EXISTS (SELECT 1 FROM unprojected_events u WHERE u.seq = e.seq))
ORDER BY seq
