-- The projection's queue of stored events not projected yet (issue 20, item 1). It replaces
-- `events.projected_at` and its partial index `events_unprojected`: marking an event projected
-- wrote a new version of the wide events row (never a HOT update: the column is in the index's
-- predicate; on TimescaleDB an UPDATE of a compressed chunk), once for every event stored.
--   ingest   inserts one row per newly stored event, in the same statement (insert_events.sql);
--   the projection deletes the rows of the events it read, in its own transaction
--            (dequeue_projected_events.sql);
--   recovery reads the subjects of the rows older than a cut-off (unprojected_subjects.sql).
-- A row of `events` without a row here is projected (rows loaded by COPY, e.g. the benchmarks'
-- stores, are projected by construction). The table holds only the backlog, so it stays small:
-- no index beyond the key, and autovacuum by row count rather than by a share of a tiny table.
CREATE TABLE unprojected_events (
  seq         bigint PRIMARY KEY,
  case_no     text,
  petition_no text,
  received_at timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);

INSERT INTO unprojected_events (seq, case_no, petition_no, received_at)
SELECT seq, case_no, petition_no, received_at FROM events WHERE projected_at IS NULL;

DROP INDEX events_unprojected;

COMMENT ON COLUMN events.projected_at IS
  'Not written since migration 300: an event is unprojected while it has a row in unprojected_events.';
