-- The projection's read of its cases: every stored event, in received order.
-- $1 text[]: case numbers
SELECT seq, source, event_id, occurred_at, received_at, case_no AS subject_no, department_code, kind, body
FROM events WHERE case_no = ANY($1) ORDER BY seq
