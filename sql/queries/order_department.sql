-- A department the user may act on, with its jurisdiction and time zone (NULL row when not visible).
-- $1 bigint: user id, $2 text: department code
SELECT d.code, d.name, d.jurisdiction_code, j.time_zone
FROM departments d JOIN jurisdictions j ON j.code = d.jurisdiction_code
WHERE d.code = $2 AND d.code = ANY ((SELECT visible_departments($1))::text[])
