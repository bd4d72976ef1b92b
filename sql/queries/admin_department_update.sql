-- Rename, re-order, deactivate or reactivate a department.
-- $1 text: code
-- $2 text: name
-- $3 text: short name, or NULL
-- $4 integer: sort order
-- $5 boolean: active
UPDATE departments SET name = $2, short_name = $3, sort_order = $4, active = $5 WHERE code = $1
RETURNING code, jurisdiction_code, parent_code, name, short_name, kind, sort_order, active, 0 AS item_count, 0 AS user_count
