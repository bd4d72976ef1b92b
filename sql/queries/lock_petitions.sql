-- Locks the existing petition rows of a projection batch.
-- $1 text[]: petition numbers
SELECT petition_no, version, level FROM petitions WHERE petition_no = ANY($1) ORDER BY petition_no FOR UPDATE
