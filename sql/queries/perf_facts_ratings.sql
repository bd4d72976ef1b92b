-- Performance facts: 好差评 ratings of a jurisdiction's petitions answered in the period.
-- $1 text: jurisdiction code, $2 timestamptz: period start (inclusive), $3 timestamptz: period end (exclusive)
SELECT p.department_code, p.petition_no, p.rating
FROM petitions p
JOIN departments d ON d.code = p.department_code AND d.jurisdiction_code = $1
WHERE p.rating BETWEEN 1 AND 5
  AND coalesce(p.closed_at, p.replied_at, p.last_occurred_at) >= $2 AND coalesce(p.closed_at, p.replied_at, p.last_occurred_at) < $3
ORDER BY p.petition_no
