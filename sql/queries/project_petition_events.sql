-- The projection's read of its petitions: each petition's events by the index, in received order
-- (see project_case_events.sql).
-- $1 text[]: petition numbers
SELECT e.seq, e.source, e.event_id, e.occurred_at, e.received_at, e.petition_no AS subject_no, e.department_code, e.kind, e.body
FROM (SELECT DISTINCT unnest($1::text[]) AS petition_no) n
CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.petition_no = n.petition_no OFFSET 0) e
ORDER BY e.seq
