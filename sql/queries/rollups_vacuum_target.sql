-- Whether the hourly event rollup is a plain-PostgreSQL materialized view (relkind 'm'), which
-- refreshRollups (workers/maintenance.ts) vacuums after each refresh; on TimescaleDB it is a
-- continuous aggregate's view, whose materialized hypertable keeps its own chunks in time order.
-- (no parameters)
SELECT relkind = 'm' AS matview FROM pg_class WHERE oid = 'event_counts_hourly'::regclass
