-- Names of jurisdictions, departments and items, for labelling statistics (codes → names).
SELECT 'jurisdiction' AS kind, code, name FROM jurisdictions
UNION ALL SELECT 'department', code, coalesce(short_name, name) FROM departments
UNION ALL SELECT 'item', code, name FROM items
