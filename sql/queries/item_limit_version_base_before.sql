-- The catalogue's limits a version for every case replaced (restored when it is retracted); no row
-- or NULL: none to restore. $1 bigint: version id, $2 text: item code
SELECT base_before FROM item_limit_versions WHERE id = $1 AND item_code = $2
