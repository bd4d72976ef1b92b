-- The projection's read of the cases whose stored fold can be resumed (migration 360): only their
-- events still queued as unprojected (migration 300), in received order; the projection folds them
-- onto the stored state. The queue is probed by its key for each event of the cases (the lateral
-- subquery, kept apart by OFFSET 0): as an EXISTS the planner may hash the whole queue, whose
-- backlog and dead rows grow under load, once per job. Each case's events are read by the index,
-- one case at a time (see project_case_events.sql). The other cases of a job are read whole by
-- project_case_events.sql.
-- $1 text[]: case numbers
SELECT e.seq, e.source, e.event_id, e.occurred_at, e.received_at, e.case_no AS subject_no, e.department_code, e.kind, e.body
FROM (SELECT DISTINCT unnest($1::text[]) AS case_no) n
CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.case_no = n.case_no OFFSET 0) e
JOIN LATERAL (SELECT true AS queued FROM unprojected_events u WHERE u.seq = e.seq OFFSET 0) q ON true
ORDER BY e.seq
