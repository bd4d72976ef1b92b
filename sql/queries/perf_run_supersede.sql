-- Marks the published versions a newly published version replaces (the only change a published run takes).
-- $1 text: jurisdiction, $2 text: period, $3 bigint: the newly published run
UPDATE performance_runs SET superseded_by = $3
WHERE jurisdiction_code = $1 AND period = $2 AND state = 'published' AND id <> $3 AND superseded_by IS NULL
