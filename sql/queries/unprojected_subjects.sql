-- Subjects with events not yet projected, received before a cut-off (recovery after a Redis outage).
-- $1 timestamptz: received before, $2 int: limit
SELECT DISTINCT case_no, petition_no
FROM events
WHERE projected_at IS NULL AND received_at < $1
LIMIT $2
