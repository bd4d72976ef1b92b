-- Removes one version of an item's limits (the undo of the change that added it); returns the
-- removed row, no row when the version is not the item's. The caller restores base_before to the
-- items row when it is set.
-- $1 text: item code, $2 bigint: version id
DELETE FROM item_limit_versions WHERE item_code = $1 AND id = $2
RETURNING id::text AS id, promised_limit, promised_unit, legal_limit, legal_unit,
          to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, base_before
