-- The wall's open cases and petitions by department and level, kept incrementally (issue 6:
-- event → wall p99).
--
-- Why: the publisher re-read the department board every 250 ms by counting every open case
-- (`cases` ⋈ `case_clocks`), O(open cases) — 20,000 rows took about 25 ms idle and over 100 ms
-- under 1,000 events/s, most of the publisher's read; open petitions alike (31,000 open ones took
-- 74 ms in the soak). Now it reads O(departments) rows.
--
-- How, without a hot row that every projection would queue on: writers never update a counter.
-- Triggers append signed deltas to `wall_open_count_deltas` (plain inserts, in the writer's own
-- transaction, so they commit or roll back with the change); `wall_open_counts` holds the folded
-- base; readers sum base + deltas (wall_open_by_department.sql); `wall_open_counts_compact()`
-- folds the committed deltas into the base in one transaction (the wall's publisher calls it about
-- once a second, the maintenance job once a minute). A reader sees base + deltas of one snapshot,
-- so it sees the exact count whether or not a compaction ran.
--
-- What a petition contributes: nothing when it is closed; otherwise +1 at (department, level), all
-- from its own row (statement trigger on INSERT, row triggers on UPDATE and DELETE, TRUNCATE
-- rebuilds).
--
-- What a case contributes: nothing when it is concluded or returned; otherwise +1 at
-- (cases.department_code, coalesce(case_clocks.level, 'normal')) — the same rule as the count it
-- replaces. Deltas:
-- - a new case row: +1 at (department, normal) when open (its clock row comes later, or in the
--   same statement, and moves it);
-- - a case row whose openness or department changes: −1 at the old, +1 at the new, at its clock's
--   current level (the projection holds the clock row FOR UPDATE, lock_cases.sql);
-- - a clock row inserted or deleted, or whose level changes, while its case is open: the move
--   between normal / the old level and the new level (the sweep and the recompute change levels
--   of rows no projection holds: they skip locked rows or hold the recompute lock);
-- - DELETE or TRUNCATE of cases or case_clocks (never done by the application): a full rebuild.
-- One statement must not change both a case's openness and its clock's level (the application
-- writes the two tables in separate statements).
CREATE TABLE wall_open_counts (
  subject         text NOT NULL CHECK (subject IN ('case', 'petition')),
  department_code text NOT NULL,
  level           text NOT NULL CHECK (level IN ('normal', 'warning', 'yellow', 'red')),
  n               bigint NOT NULL,
  PRIMARY KEY (subject, department_code, level)
);

CREATE TABLE wall_open_count_deltas (
  subject         text NOT NULL,
  department_code text NOT NULL,
  level           text NOT NULL,
  n               int NOT NULL
);
-- inserted and deleted all day long, read whole on every wall read: vacuum it often, not at 20 %
ALTER TABLE wall_open_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

-- Rebuilds the base from the rows, under a lock that waits for every writer with deltas in flight
-- and holds off new ones until commit (their deltas then apply to the rebuilt base).
CREATE FUNCTION wall_open_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE wall_open_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM wall_open_count_deltas;
  DELETE FROM wall_open_counts;
  INSERT INTO wall_open_counts (subject, department_code, level, n)
  SELECT 'case', c.department_code, coalesce(k.level, 'normal'), count(*)
  FROM cases c LEFT JOIN case_clocks k USING (case_no)
  WHERE c.concluded_at IS NULL AND c.returned_at IS NULL
  GROUP BY 2, 3;
  INSERT INTO wall_open_counts (subject, department_code, level, n)
  SELECT 'petition', department_code, level, count(*) FROM petitions WHERE closed_at IS NULL GROUP BY 2, 3;
END $$;

-- Folds the committed deltas into the base; returns how many delta rows it folded. Safe to run
-- from several processes at once (a delta row is deleted once; base rows are taken in key order).
CREATE FUNCTION wall_open_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM wall_open_count_deltas RETURNING subject, department_code, level, n
  ), s AS (
    SELECT subject, department_code, level, sum(n) AS n, count(*) AS rows FROM moved GROUP BY 1, 2, 3
  ), up AS (
    INSERT INTO wall_open_counts AS w (subject, department_code, level, n)
    SELECT subject, department_code, level, n FROM s ORDER BY 1, 2, 3
    ON CONFLICT (subject, department_code, level) DO UPDATE SET n = w.n + EXCLUDED.n
  )
  SELECT coalesce(sum(rows), 0)::int FROM s
$$;

CREATE FUNCTION wall_open_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO wall_open_count_deltas (subject, department_code, level, n)
  SELECT 'case', department_code, 'normal', count(*) FROM new_rows
  WHERE concluded_at IS NULL AND returned_at IS NULL
  GROUP BY 2;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_open_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lvl text;
BEGIN
  SELECT level INTO lvl FROM case_clocks WHERE case_no = NEW.case_no;
  lvl := coalesce(lvl, 'normal');
  IF OLD.concluded_at IS NULL AND OLD.returned_at IS NULL THEN
    INSERT INTO wall_open_count_deltas VALUES ('case', OLD.department_code, lvl, -1);
  END IF;
  IF NEW.concluded_at IS NULL AND NEW.returned_at IS NULL THEN
    INSERT INTO wall_open_count_deltas VALUES ('case', NEW.department_code, lvl, 1);
  END IF;
  RETURN NULL;
END $$;

-- A clock row's level moves from `from_level` to `to_level` (normal when there was or is no row).
CREATE FUNCTION wall_open_clock_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- one statement: the case's department when it is open, and the two deltas
  INSERT INTO wall_open_count_deltas (subject, department_code, level, n)
  SELECT 'case', c.department_code, v.level, v.n
  FROM cases c,
       (VALUES (CASE WHEN TG_OP = 'INSERT' THEN 'normal' ELSE OLD.level END, -1),
               (CASE WHEN TG_OP = 'DELETE' THEN 'normal' ELSE NEW.level END, 1)) AS v (level, n)
  WHERE c.case_no = CASE WHEN TG_OP = 'DELETE' THEN OLD.case_no ELSE NEW.case_no END
    AND c.concluded_at IS NULL AND c.returned_at IS NULL;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_open_petitions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO wall_open_count_deltas (subject, department_code, level, n)
  SELECT 'petition', department_code, level, count(*) FROM new_rows WHERE closed_at IS NULL GROUP BY 2, 3;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_open_petition_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.closed_at IS NULL THEN
    INSERT INTO wall_open_count_deltas VALUES ('petition', OLD.department_code, OLD.level, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.closed_at IS NULL THEN
    INSERT INTO wall_open_count_deltas VALUES ('petition', NEW.department_code, NEW.level, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_open_counts_rebuild_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wall_open_counts_rebuild();
  RETURN NULL;
END $$;

CREATE TRIGGER cases_wall_open_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_open_cases_inserted();
CREATE TRIGGER cases_wall_open_moved AFTER UPDATE ON cases FOR EACH ROW
  WHEN ((OLD.concluded_at IS NULL AND OLD.returned_at IS NULL) IS DISTINCT FROM (NEW.concluded_at IS NULL AND NEW.returned_at IS NULL)
        OR OLD.department_code IS DISTINCT FROM NEW.department_code)
  EXECUTE FUNCTION wall_open_case_moved();
CREATE TRIGGER cases_wall_open_deleted AFTER DELETE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION wall_open_counts_rebuild_trigger();
CREATE TRIGGER cases_wall_open_truncated AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION wall_open_counts_rebuild_trigger();

CREATE TRIGGER case_clocks_wall_open_inserted AFTER INSERT ON case_clocks FOR EACH ROW
  WHEN (NEW.level <> 'normal') EXECUTE FUNCTION wall_open_clock_moved();
CREATE TRIGGER case_clocks_wall_open_moved AFTER UPDATE ON case_clocks FOR EACH ROW
  WHEN (OLD.level IS DISTINCT FROM NEW.level) EXECUTE FUNCTION wall_open_clock_moved();
CREATE TRIGGER case_clocks_wall_open_deleted AFTER DELETE ON case_clocks FOR EACH ROW
  WHEN (OLD.level <> 'normal') EXECUTE FUNCTION wall_open_clock_moved();
CREATE TRIGGER case_clocks_wall_open_truncated AFTER TRUNCATE ON case_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION wall_open_counts_rebuild_trigger();

CREATE TRIGGER petitions_wall_open_inserted AFTER INSERT ON petitions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_open_petitions_inserted();
CREATE TRIGGER petitions_wall_open_moved AFTER UPDATE ON petitions FOR EACH ROW
  WHEN ((OLD.closed_at IS NULL) IS DISTINCT FROM (NEW.closed_at IS NULL) OR OLD.level IS DISTINCT FROM NEW.level
        OR OLD.department_code IS DISTINCT FROM NEW.department_code)
  EXECUTE FUNCTION wall_open_petition_moved();
CREATE TRIGGER petitions_wall_open_deleted AFTER DELETE ON petitions FOR EACH ROW
  WHEN (OLD.closed_at IS NULL) EXECUTE FUNCTION wall_open_petition_moved();
CREATE TRIGGER petitions_wall_open_truncated AFTER TRUNCATE ON petitions
  FOR EACH STATEMENT EXECUTE FUNCTION wall_open_counts_rebuild_trigger();

SELECT wall_open_counts_rebuild();
