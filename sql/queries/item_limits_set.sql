-- Sets an item's limits (a saved item-limits rule change; item_limits_apply.sql follows).
-- $1 text: item code, $2 int: promised limit or NULL, $3 text: its unit, $4 int: legal limit or NULL, $5 text: its unit
UPDATE items SET promised_limit = $2, promised_unit = $3, legal_limit = $4, legal_unit = $5 WHERE code = $1
