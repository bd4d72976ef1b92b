-- The wall (issue 6): change notices for the publisher and indexes for its set-based reads.

-- Every statement that changes cases, petitions or cards tells listeners on channel
-- `wall_changed` (payload: the table). NOTIFY is delivered at commit and folded within a
-- transaction, so a projection batch costs one notice per table. workers/publish.ts LISTENs and
-- coalesces (≤ 2 publications per second).
CREATE FUNCTION wall_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('wall_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER cases_wall_changed AFTER INSERT OR UPDATE OR DELETE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION wall_notify_changed();
CREATE TRIGGER petitions_wall_changed AFTER INSERT OR UPDATE OR DELETE ON petitions
  FOR EACH STATEMENT EXECUTE FUNCTION wall_notify_changed();
CREATE TRIGGER cards_wall_changed AFTER INSERT ON cards
  FOR EACH STATEMENT EXECUTE FUNCTION wall_notify_changed();

-- Today's and this month's counts: received (submitted, else accepted) and concluded by time.
CREATE INDEX cases_received_at ON cases ((coalesce(submitted_at, accepted_at)));
CREATE INDEX cases_concluded_at ON cases (concluded_at) WHERE concluded_at IS NOT NULL;
-- The card ticker: newest first.
CREATE INDEX cards_issued_at ON cards (issued_at DESC, id DESC) WHERE color IS NOT NULL;
CREATE INDEX petitions_open_level ON petitions (level) WHERE closed_at IS NULL;

-- Live event counts since the rollup's edge: TimescaleDB indexes the hypertable's time column
-- already; monthly partitions get a BRIN index (events arrive roughly in time order, and BRIN
-- costs ingest next to nothing).
DO $$
BEGIN
  IF NOT supervision_has_timescaledb() THEN
    CREATE INDEX events_occurred_brin ON events USING brin (occurred_at);
  END IF;
END $$;
