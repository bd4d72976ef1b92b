-- The jurisdiction whose period rules and calendar a statistics request uses: the one asked for,
-- else the user's, else their department's, else the top one.
-- $1 text: jurisdiction asked for, or null
-- $2 text: the user's jurisdiction, or null
-- $3 text: the user's department, or null
SELECT coalesce((SELECT code FROM jurisdictions WHERE code = $1),
                (SELECT code FROM jurisdictions WHERE code = $2),
                (SELECT jurisdiction_code FROM departments WHERE code = $3),
                (SELECT code FROM jurisdictions WHERE parent_code IS NULL ORDER BY code LIMIT 1)) AS code,
       $1::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jurisdictions WHERE code = $1) AS unknown
