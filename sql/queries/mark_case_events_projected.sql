-- Marks the events a case projection has read as projected (found through the case index).
-- $1 text[]: case numbers, $2 bigint[]: event seqs read
UPDATE events SET projected_at = now()
WHERE case_no = ANY($1) AND seq = ANY($2) AND projected_at IS NULL
