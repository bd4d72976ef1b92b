-- Departments with their jurisdiction and its time zone (clock context).
SELECT d.code, d.jurisdiction_code, j.time_zone
FROM departments d JOIN jurisdictions j ON j.code = d.jurisdiction_code
