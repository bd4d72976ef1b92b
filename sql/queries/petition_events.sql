-- Every stored event of the given petitions, in received order.
-- $1 text[]: petition numbers
SELECT seq, source, event_id, occurred_at, received_at, petition_no AS subject_no, department_code, kind, body
FROM events WHERE petition_no = ANY($1) ORDER BY seq
