-- A new department; nothing when the code exists.
-- $1 code, $2 jurisdiction code, $3 parent code or NULL, $4 name, $5 short name or NULL, $6 kind, $7 sort order
INSERT INTO departments (code, jurisdiction_code, parent_code, name, short_name, kind, sort_order)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (code) DO NOTHING
RETURNING code, jurisdiction_code, parent_code, name, short_name, kind, sort_order, active, 0 AS item_count, 0 AS user_count
