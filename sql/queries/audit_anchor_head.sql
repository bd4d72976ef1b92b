-- The audit chain head to anchor outside the database: its seq and hash, the rows in the table,
-- the database's name (anchors are kept per database) and the time.
SELECT h.seq, h.hash, (SELECT count(*) FROM audit_log) AS rows, current_database() AS database, clock_timestamp() AS at
FROM audit_chain_head h WHERE h.singleton
