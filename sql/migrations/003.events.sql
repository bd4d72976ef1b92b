-- The event store, append-only. Uniqueness of (source, event_id) lives in event_keys: a unique
-- index on a hypertable or a partitioned table must contain the time column, and the same event
-- with another occurred_at must still count as a duplicate.
CREATE TABLE event_keys (
  source      text NOT NULL,
  event_id    text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, event_id)
);

DO $$
DECLARE
  cols text := $cols$
    seq             bigserial NOT NULL,
    source          text NOT NULL,
    event_id        text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    case_no         text,
    petition_no     text,
    department_code text NOT NULL,
    kind            text NOT NULL,
    body            jsonb NOT NULL,
    projected_at    timestamptz,
    CHECK ((case_no IS NULL) <> (petition_no IS NULL))
  $cols$;
BEGIN
  IF supervision_has_timescaledb() THEN
    EXECUTE format('CREATE TABLE events (%s)', cols);
    PERFORM create_hypertable('events', by_range('occurred_at', INTERVAL '7 days'));
    ALTER TABLE events SET (timescaledb.compress, timescaledb.compress_segmentby = 'department_code',
                            timescaledb.compress_orderby = 'occurred_at, seq');
    PERFORM add_compression_policy('events', INTERVAL '30 days');
  ELSE
    EXECUTE format('CREATE TABLE events (%s) PARTITION BY RANGE (occurred_at)', cols);
    CREATE TABLE events_default PARTITION OF events DEFAULT;
  END IF;
END $$;

CREATE INDEX events_case ON events (case_no, occurred_at) WHERE case_no IS NOT NULL;
CREATE INDEX events_petition ON events (petition_no, occurred_at) WHERE petition_no IS NOT NULL;
CREATE INDEX events_unprojected ON events (received_at) WHERE projected_at IS NULL;

-- Monthly partitions on plain PostgreSQL: create the month holding `month_start` unless it exists,
-- moving any rows of that month out of the default partition first. A no-op with TimescaleDB.
-- Returns true when a partition was created.
CREATE FUNCTION events_ensure_partition(month_start date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  lo date := date_trunc('month', month_start)::date;
  hi date := (date_trunc('month', month_start) + INTERVAL '1 month')::date;
  -- the bounds are midnights UTC whatever the caller's TimeZone, so that months created from
  -- sessions in different zones meet exactly
  lo_at timestamptz := lo::timestamp AT TIME ZONE 'UTC';
  hi_at timestamptz := hi::timestamp AT TIME ZONE 'UTC';
  part text := format('events_%s', to_char(lo, 'YYYYMM'));
  sch text := current_schema();
BEGIN
  IF supervision_has_timescaledb() THEN
    RETURN false;
  END IF;
  IF to_regclass(format('%I.%I', sch, part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;
  -- another session may have created it while this one waited for the lock
  IF to_regclass(format('%I.%I', sch, part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I.%I (LIKE %I.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', sch, part, sch);
  EXECUTE format('WITH moved AS (DELETE FROM %I.events_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *)
                  INSERT INTO %I.%I SELECT * FROM moved', sch, lo_at, hi_at, sch, part);
  EXECUTE format('ALTER TABLE %I.events ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)', sch, sch, part, lo_at, hi_at);
  RETURN true;
END $$;

-- The current month and the next three exist from the start; a worker keeps creating them ahead.
SELECT events_ensure_partition((date_trunc('month', now()) + make_interval(months => m))::date)
FROM generate_series(-1, 3) AS m;
