-- Whether the hourly event rollup can be read (a plain-PostgreSQL materialized view is unreadable
-- until its first refresh; a TimescaleDB continuous aggregate always is).
-- (no parameters)
SELECT relispopulated AS populated FROM pg_class WHERE oid = 'event_counts_hourly'::regclass
