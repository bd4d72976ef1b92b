-- The projection's read of its cases: every stored event, in received order, with where the row
-- is (so that marking the unprojected ones is a scan by tuple id, mark_events_projected_by_tid.sql)
-- and whether it is still unprojected.
-- $1 text[]: case numbers
SELECT seq, source, event_id, occurred_at, received_at, case_no AS subject_no, department_code, kind, body,
       ctid::text AS tid, projected_at IS NULL AS unprojected
FROM events WHERE case_no = ANY($1) ORDER BY seq
