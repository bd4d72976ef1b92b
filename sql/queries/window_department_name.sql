-- The name of one department (the demo's window account is named after it).
-- $1 text: department code
SELECT name FROM departments WHERE code = $1
