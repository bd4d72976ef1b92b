-- Saved rule changes of a jurisdiction, newest first, with whether each has been undone.
-- $1 text: jurisdiction, $2 int: limit
SELECT r.id::text, r.change, r.inverse, r.reason, r.requested_by, r.at, r.recorded_at, r.summary,
       r.recompute_id::text, r.undoes::text,
       (SELECT u.id::text FROM rule_changes u WHERE u.undoes = r.id) AS undone_by
FROM rule_changes r
WHERE r.jurisdiction_code = $1
ORDER BY r.id DESC
LIMIT $2
