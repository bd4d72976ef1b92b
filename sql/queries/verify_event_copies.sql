-- How many rows each of some events has in the store, and whether all of them are projected
-- (no row of theirs left in the queue of unprojected events, migration 300).
-- $1 text: source, $2 text[]: event ids
SELECT e.event_id, count(*)::int AS copies, bool_and(u.seq IS NULL) AS projected
FROM events e LEFT JOIN unprojected_events u ON u.seq = e.seq
WHERE e.source = $1 AND e.event_id = ANY($2)
GROUP BY e.event_id
