-- Whether any event already carries this case number (a number from another source).
-- $1 text: case number
SELECT EXISTS (SELECT 1 FROM events WHERE case_no = $1) AS taken
