-- Takes the next running case number of a department and year (1 for the first).
-- $1 text: department code
-- $2 int: year
INSERT INTO case_number_counters (department_code, year, last_no) VALUES ($1, $2, 1)
ON CONFLICT (department_code, year) DO UPDATE SET last_no = case_number_counters.last_no + 1
RETURNING last_no
