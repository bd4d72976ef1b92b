-- Every department (active or not) with how many items and users it has.
-- $1 text: jurisdiction code, or NULL for all
SELECT d.code, d.jurisdiction_code, d.parent_code, d.name, d.short_name, d.kind, d.sort_order, d.active,
       (SELECT count(*) FROM items i WHERE i.department_code = d.code)::int AS item_count,
       (SELECT count(*) FROM users u WHERE u.department_code = d.code)::int AS user_count
  FROM departments d
 WHERE $1::text IS NULL OR d.jurisdiction_code = $1
 ORDER BY d.jurisdiction_code, d.sort_order, d.code
