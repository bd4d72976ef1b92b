-- The projection's read of its petitions (see project_case_events.sql).
-- $1 text[]: petition numbers
SELECT seq, source, event_id, occurred_at, received_at, petition_no AS subject_no, department_code, kind, body
FROM events WHERE petition_no = ANY($1) ORDER BY seq
