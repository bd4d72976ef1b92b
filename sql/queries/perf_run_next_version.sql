-- The next version number of a jurisdiction's run for a month, and the unpublished run if there is one.
-- $1 text: jurisdiction code, $2 text: period (YYYY-MM)
SELECT coalesce(max(version), 0) + 1 AS next_version,
       (SELECT id::text FROM performance_runs WHERE jurisdiction_code = $1 AND period = $2 AND state <> 'published') AS open_id
FROM performance_runs WHERE jurisdiction_code = $1 AND period = $2
