-- An active department's public name, if it belongs to the jurisdiction.
-- $1 text: department code
-- $2 text: jurisdiction code
SELECT coalesce(short_name, name) AS name FROM departments WHERE code = $1 AND jurisdiction_code = $2 AND active
