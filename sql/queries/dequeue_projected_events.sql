-- Marks as projected the events a projection has read (under its subjects' locks): deletes their
-- rows from the queue of unprojected events (migration 300). Events stored after the read keep
-- theirs for the job that follows them (or the recovery sweep). The wide events rows are not written.
-- $1 bigint[]: the seqs of the events read
DELETE FROM unprojected_events WHERE seq = ANY($1::bigint[])
