-- Every active department code.
SELECT code FROM departments WHERE active
