-- An item's limits in the catalogue (the base of its limit versions, migration 320).
-- $1 text: item code
SELECT promised_limit, promised_unit, legal_limit, legal_unit FROM items WHERE code = $1
