-- Every case number that has a projected row or any stored event (the cases a fresh fold must match).
-- (no parameters)
SELECT case_no FROM cases
UNION
SELECT DISTINCT case_no FROM events WHERE case_no IS NOT NULL
ORDER BY 1
