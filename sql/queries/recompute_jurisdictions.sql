-- Every jurisdiction, for a recompute after a national change (a State Council notice: job
-- jurisdictionCode '*'). No parameters.
SELECT code FROM jurisdictions ORDER BY code
