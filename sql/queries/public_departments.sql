-- Active departments (code and name only) for the public site's filters and complaint form.
-- (no parameters)
SELECT code, coalesce(short_name, name) AS name, jurisdiction_code
FROM departments
WHERE active
ORDER BY sort_order, code
