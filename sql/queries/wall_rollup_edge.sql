-- The rollup's edge: its newest bucket. Buckets before it were complete when it was refreshed;
-- from the edge on, the wall counts events directly.
-- (no parameters)
SELECT max(bucket) AS edge FROM event_counts_hourly
