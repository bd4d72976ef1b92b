-- One department, locked for update.
-- $1 text: department code
SELECT code, jurisdiction_code, parent_code, name, short_name, kind, sort_order, active, 0 AS item_count, 0 AS user_count
  FROM departments WHERE code = $1 FOR UPDATE
