-- The wall's day figures without reading the wide `cases` rows (issue 20, "data at a province's
-- size"; bench/volume.bench.ts). wall_tiles.sql counts today's received, accepted and concluded
-- cases of the jurisdiction's departments: through cases_received_at / cases_accepted /
-- cases_concluded_at it fetched every heap row of the day (17,000 cases a day at a million cases)
-- only to read its department. With the department in the index the counts are index-only scans
-- (the day's entries, nothing else). The new indexes lead with the same column as the ones they
-- replace, so every other reader of those keeps its range scans.
--
-- On a store of this size each index builds in seconds; CREATE INDEX takes a SHARE lock on `cases`
-- (writes wait, reads go on) for that time. The migrator runs each migration in one transaction,
-- so these are not built CONCURRENTLY; on a store large enough for that to matter, build them
-- CONCURRENTLY by hand with these names before starting the new version (IF NOT EXISTS skips them).
-- (an index-only scan over an expression needs the expression's columns in the index: INCLUDE)
CREATE INDEX IF NOT EXISTS cases_received_department ON cases ((coalesce(submitted_at, accepted_at)), department_code)
  INCLUDE (submitted_at, accepted_at);
DROP INDEX IF EXISTS cases_received_at;
CREATE INDEX IF NOT EXISTS cases_accepted_department ON cases (accepted_at, department_code);
DROP INDEX IF EXISTS cases_accepted;
CREATE INDEX IF NOT EXISTS cases_concluded_department ON cases (concluded_at, department_code) WHERE concluded_at IS NOT NULL;
DROP INDEX IF EXISTS cases_concluded_at;

-- The open petitions by kind and level (wall_petitions.sql) fetched every open petition's row
-- through petitions_open_level; with kind, level and department in one partial index they are
-- counted from the index alone.
CREATE INDEX IF NOT EXISTS petitions_open_kind ON petitions (department_code, petition_kind, level) WHERE closed_at IS NULL;

-- The hourly trend counts submitted and concluded events live from the hourly rollup's edge (up to
-- an hour and more of events, wall_trend_live.sql). On plain PostgreSQL the only index on the time
-- was a BRIN one; the events of a month's partition are not stored in time order (a case's later
-- events come long after its first), so its block ranges overlap and the scan read most of a
-- partition. A partial B-tree over the two kinds it counts (two events in ten), with the department,
-- is an index-only range scan. TimescaleDB indexes the hypertable's time already.
DO $$
BEGIN
  IF NOT supervision_has_timescaledb() THEN
    CREATE INDEX IF NOT EXISTS events_wall_trend ON events (occurred_at) INCLUDE (kind, department_code)
      WHERE kind IN ('submitted', 'concluded');
  END IF;
END $$;
