-- The projection's read of its cases: every stored event, in received order.
-- Each case is read apart, by the events_case index of every partition (the lateral subquery,
-- kept apart by OFFSET 0): `case_no = ANY($1)` over the whole table is estimated, on a table
-- without statistics (autovacuum off, or not yet run), at 0.5 % of the rows per case number, i.e.
-- most of the table for a job's 150 cases, and read by a (parallel) sequential scan whose cost grows
-- with the store (≈ 70 ms per job at 280,000 events, against ≈ 10 ms by the index; README, the
-- projection's paragraphs). The projection's transactions run without JIT (workers/project.ts), which these
-- estimates would otherwise switch on.
-- $1 text[]: case numbers
SELECT e.seq, e.source, e.event_id, e.occurred_at, e.received_at, e.case_no AS subject_no, e.department_code, e.kind, e.body
FROM (SELECT DISTINCT unnest($1::text[]) AS case_no) n
CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.case_no = n.case_no OFFSET 0) e
ORDER BY e.seq
