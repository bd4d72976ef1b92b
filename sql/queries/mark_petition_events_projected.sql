-- Marks the events a petition projection has read as projected.
-- $1 text[]: petition numbers, $2 bigint[]: event seqs read
UPDATE events SET projected_at = now()
WHERE petition_no = ANY($1) AND seq = ANY($2) AND projected_at IS NULL
