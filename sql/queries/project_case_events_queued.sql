-- The projection's read of its cases, in received order: every stored event of the cases in $1,
-- except for those in $2 (their stored fold can be resumed, migration 360): only their events
-- still queued as unprojected (migration 300), which the projection folds onto the stored state.
-- The queue is probed by its key for each event read (the lateral subquery, kept apart by
-- OFFSET 0): as a plain EXISTS the planner may hash the whole queue, whose backlog and dead rows
-- grow under load, once per job.
-- $1 text[]: case numbers, $2 text[]: those of them read from the queue only
SELECT e.seq, e.source, e.event_id, e.occurred_at, e.received_at, e.case_no AS subject_no, e.department_code, e.kind, e.body
FROM events e
LEFT JOIN LATERAL (SELECT true AS queued FROM unprojected_events u WHERE u.seq = e.seq OFFSET 0) q ON true
WHERE e.case_no = ANY($1)
  AND (e.case_no <> ALL($2::text[]) OR q.queued)
ORDER BY e.seq
