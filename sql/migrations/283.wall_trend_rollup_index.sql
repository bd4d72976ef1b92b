-- The wall's hourly and daily trend before the rollup's edge (wall_trend_rollup.sql) reads the
-- month's submitted and concluded buckets of `event_counts_hourly`. On plain PostgreSQL that is a
-- materialized view whose rows lie in no useful order (3,800 rows of a month's first six days on
-- 3,000 pages of a province's store, bench/volume.bench.ts); this partial index holds what the
-- query reads, so the buckets come from the index alone once the view is vacuumed (autovacuum,
-- after each refresh's writes). On TimescaleDB the rollup is a continuous aggregate with its own
-- time index.
DO $$
BEGIN
  IF NOT supervision_has_timescaledb() THEN
    CREATE INDEX IF NOT EXISTS event_counts_hourly_wall ON event_counts_hourly (bucket, kind) INCLUDE (department_code, events)
      WHERE kind IN ('submitted', 'concluded');
  END IF;
END $$;
