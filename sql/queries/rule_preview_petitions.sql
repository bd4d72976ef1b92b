-- The open petitions (neither replied nor closed) of one kind in a jurisdiction, as folded by the
-- projection (`state`): what a petition limit change can move (the preview recomputes their clocks).
-- $1 text: jurisdiction code, $2 text: petition kind
SELECT state FROM petitions
WHERE jurisdiction_code = $1 AND petition_kind = $2 AND replied_at IS NULL AND closed_at IS NULL
ORDER BY petition_no
