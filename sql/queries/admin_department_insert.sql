-- A new department; nothing when the code exists.
-- $1 text: code
-- $2 text: jurisdiction code
-- $3 text: parent department code, or NULL
-- $4 text: name
-- $5 text: short name, or NULL
-- $6 text: kind
-- $7 integer: sort order
INSERT INTO departments (code, jurisdiction_code, parent_code, name, short_name, kind, sort_order)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (code) DO NOTHING
RETURNING code, jurisdiction_code, parent_code, name, short_name, kind, sort_order, active, 0 AS item_count, 0 AS user_count
