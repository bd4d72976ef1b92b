-- Locks the existing case rows of a projection batch.
-- $1 text[]: case numbers
SELECT case_no, version, level FROM cases WHERE case_no = ANY($1) ORDER BY case_no FOR UPDATE
