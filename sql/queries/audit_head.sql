-- The audit chain head: the last row's seq and hash.
SELECT seq, hash FROM audit_chain_head WHERE singleton
