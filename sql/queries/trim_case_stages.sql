-- Removes the stage rows of each case from a position on (they are written anew after it); the
-- rows before it are unchanged and stay.
-- $1 text[]: case numbers, $2 int[]: for each, the number of leading rows to keep
DELETE FROM case_stages s
USING unnest($1::text[], $2::int[]) AS d(case_no, keep)
WHERE s.case_no = d.case_no AND s.seq > d.keep
