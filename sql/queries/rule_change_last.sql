-- The latest saved rule change of a jurisdiction (the version an edit is based on), or no row.
-- $1 text: jurisdiction
SELECT id::text, change, inverse, reason, requested_by, undoes::text,
       EXISTS (SELECT 1 FROM rule_changes u WHERE u.undoes = r.id) AS undone
FROM rule_changes r WHERE jurisdiction_code = $1 ORDER BY id DESC LIMIT 1
