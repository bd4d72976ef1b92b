-- Event counts per department, kind and hour. A continuous aggregate on TimescaleDB; on plain
-- PostgreSQL a materialized view with the same name and columns, refreshed by a worker
-- (REFRESH ... CONCURRENTLY needs the unique index). Queries never know which one they read.
DO $$
BEGIN
  IF supervision_has_timescaledb() THEN
    EXECUTE $v$
      CREATE MATERIALIZED VIEW event_counts_hourly WITH (timescaledb.continuous) AS
      SELECT time_bucket(INTERVAL '1 hour', occurred_at) AS bucket,
             department_code, kind, count(*)::bigint AS events
      FROM events
      GROUP BY 1, 2, 3
      WITH NO DATA
    $v$;
    PERFORM add_continuous_aggregate_policy('event_counts_hourly',
      start_offset => INTERVAL '90 days', end_offset => NULL, schedule_interval => INTERVAL '1 minute');
  ELSE
    CREATE MATERIALIZED VIEW event_counts_hourly AS
      SELECT date_trunc('hour', occurred_at) AS bucket,
             department_code, kind, count(*)::bigint AS events
      FROM events
      GROUP BY 1, 2, 3
      WITH NO DATA;
    CREATE UNIQUE INDEX event_counts_hourly_key ON event_counts_hourly (bucket, department_code, kind);
  END IF;
END $$;

-- Brings the rollup up to date on either path. `CALL` it from the rollup worker.
CREATE PROCEDURE refresh_event_counts()
LANGUAGE plpgsql AS $$
BEGIN
  IF supervision_has_timescaledb() THEN
    CALL refresh_continuous_aggregate('event_counts_hourly', NULL, NULL);
  ELSIF (SELECT relispopulated FROM pg_class WHERE oid = 'event_counts_hourly'::regclass) THEN
    -- readers keep reading the previous rows meanwhile (needs the unique index above)
    REFRESH MATERIALIZED VIEW CONCURRENTLY event_counts_hourly;
  ELSE
    REFRESH MATERIALIZED VIEW event_counts_hourly;
  END IF;
END $$;
