-- The service items of the departments a user may see, for the console's item filter.
-- $1 bigint: user id
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT i.code, i.name, i.department_code, i.case_type, i.fee_standard::float8 AS fee_standard
FROM items i, scope
WHERE i.department_code = ANY (scope.codes) AND i.active
ORDER BY i.department_code, i.code
