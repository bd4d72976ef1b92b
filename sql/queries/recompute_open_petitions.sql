-- Open petitions (neither replied nor closed) of a jurisdiction, optionally of one department: the
-- petitions whose deadlines a calendar or scheme change can move (the projection recomputes them).
-- $1 text: jurisdiction code, $2 text: department code, or NULL for every department
SELECT petition_no
FROM petitions
WHERE jurisdiction_code = $1 AND replied_at IS NULL AND closed_at IS NULL
  AND ($2::text IS NULL OR department_code = $2)
ORDER BY petition_no
