-- Subjects with events not yet projected, received before a cut-off (recovery after a Redis
-- outage or a worker's death): the queue of unprojected events (migration 300).
-- $1 timestamptz: received before, $2 int: limit
SELECT DISTINCT case_no, petition_no
FROM unprojected_events
WHERE received_at < $1
LIMIT $2
