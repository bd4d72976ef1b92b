-- Marks as projected the unprojected events a projection has read, found by tuple id (a TID scan
-- per partition, instead of searching the whole unprojected backlog); `seq` picks the right row
-- where two partitions have the same tuple id. A row that moved since it was read (a partition
-- created ahead, a compressed chunk) is not found: the projection then marks the rest through
-- mark_case_events_projected.sql / mark_petition_events_projected.sql.
-- $1 tid[]: tuple ids (as read, `ctid::text`), $2 bigint[]: the events' seqs
UPDATE events SET projected_at = now()
WHERE ctid = ANY($1::tid[]) AND seq = ANY($2::bigint[])
