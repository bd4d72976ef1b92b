-- Moves the chain head onto the row just appended.
-- $1 bigint: seq of the appended row
-- $2 text: its hash
UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE singleton
