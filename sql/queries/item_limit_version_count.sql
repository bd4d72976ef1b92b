-- How many limit versions an item has (migration 320). $1 text: item code
SELECT count(*)::int AS n FROM item_limit_versions WHERE item_code = $1
