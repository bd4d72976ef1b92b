-- How many rows each of some events has in the store, and whether all of them are projected.
-- $1 text: source, $2 text[]: event ids
SELECT event_id, count(*)::int AS copies, bool_and(projected_at IS NOT NULL) AS projected
FROM events
WHERE source = $1 AND event_id = ANY($2)
GROUP BY event_id
