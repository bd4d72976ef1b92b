-- The departments a user may see, as a tree (parent_code), for the console's department filter.
-- $1 bigint: user id
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT d.code, d.name, d.short_name, d.parent_code, d.kind, d.jurisdiction_code, d.sort_order
FROM departments d, scope
WHERE d.code = ANY (scope.codes) AND d.active
ORDER BY d.sort_order, d.code
