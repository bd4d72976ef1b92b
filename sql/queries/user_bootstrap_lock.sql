-- Serialises first-start admin creation between server instances (until the end of the transaction).
SELECT pg_advisory_xact_lock(7404204030)
