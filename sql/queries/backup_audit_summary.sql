-- The audit chain as a backup records it: the head (seq, hash), the rows stored, the head row's time.
-- (no parameters)
SELECT h.seq, h.hash, (SELECT count(*) FROM audit_log) AS rows, (SELECT at FROM audit_log WHERE seq = h.seq) AS at
FROM audit_chain_head h
WHERE h.singleton
