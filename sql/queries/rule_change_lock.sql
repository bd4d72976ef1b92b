-- Serialises rule changes of one jurisdiction for the rest of the transaction.
-- $1 text: jurisdiction
SELECT pg_advisory_xact_lock(hashtext('rule_changes:' || $1)) AS locked
