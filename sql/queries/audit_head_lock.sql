-- Locks the audit chain head until the end of the transaction (appends serialise here) and reads
-- the clock for the new row, truncated to milliseconds (what its hash covers).
SELECT seq, hash, date_trunc('milliseconds', clock_timestamp()) AS at FROM audit_chain_head WHERE singleton FOR UPDATE
