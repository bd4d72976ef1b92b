-- Item limit versions (migration 320), oldest first; $1 text: one item's code, or NULL for every item.
SELECT id::text AS id, item_code, promised_limit, promised_unit, legal_limit, legal_unit,
       to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, created_at, created_by
FROM item_limit_versions WHERE $1::text IS NULL OR item_code = $1 ORDER BY id
