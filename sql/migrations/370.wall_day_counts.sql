-- The wall's counts of the day, kept incrementally (issue 20, "data at a province's size"). The
-- tiles' received, accepted and concluded today (wall_tiles.sql) counted the cases of the day on
-- three indexes of `cases` on every snapshot: ≈ 34,000 index entries a day at a million cases, ten
-- times that at a province's busiest. They now sum these counts: per Asia/Shanghai day (the
-- statistics' and the case list's day) and department, the cases received (submitted, else
-- accepted), accepted and concluded that day — a row per department and day, so a snapshot reads
-- the day's few dozen rows whatever the store's size.
--
-- Kept as migrations 090 and 282 keep theirs: triggers on `cases` append signed deltas (plain
-- inserts, in the writer's own transaction: no counter row that concurrent projections would queue
-- on), `wall_day_counts_compact()` folds them into the base with the open counts' fold
-- (wall_open_counts_compact.sql), readers sum base and deltas (`wall_day_counts_live`).
--   - INSERT: one statement trigger over the inserted rows (a projection batch is one INSERT);
--   - UPDATE: a row trigger whose WHEN lets through only a row whose received, accepted or
--     concluded time or department changes (about twice in a case's life: its acceptance and its
--     conclusion), so the projection's other updates pay the WHEN test and nothing else, and no old
--     transition table is captured of the wide case rows;
--   - DELETE (never done by the application): one statement trigger over the deleted rows;
--     TRUNCATE: a recount (`wall_day_counts_recount()`, also what a bulk load with triggers off
--     calls afterwards, as bench/cityData.ts).
-- sql/test/wall-day-counts.test.ts checks them against a recount of the cases through random writes.
CREATE TABLE wall_day_counts (
  day             date NOT NULL,
  department_code text NOT NULL,
  received        bigint NOT NULL,  -- coalesce(submitted_at, accepted_at) on that day
  accepted        bigint NOT NULL,  -- accepted_at on that day
  concluded       bigint NOT NULL,  -- concluded_at on that day
  PRIMARY KEY (day, department_code)
);
CREATE TABLE wall_day_count_deltas (
  day             date NOT NULL,
  department_code text NOT NULL,
  received        bigint NOT NULL,
  accepted        bigint NOT NULL,
  concluded       bigint NOT NULL
);
CREATE INDEX wall_day_count_deltas_day ON wall_day_count_deltas (day);
ALTER TABLE wall_day_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                       autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

CREATE VIEW wall_day_counts_live AS
  SELECT day, department_code, received, accepted, concluded FROM wall_day_counts
  UNION ALL SELECT day, department_code, received, accepted, concluded FROM wall_day_count_deltas;

-- +1 for the rows a statement inserted, −1 for those it deleted
CREATE FUNCTION wall_day_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO wall_day_count_deltas (day, department_code, received, accepted, concluded)
  SELECT v.day, n.department_code, sum(v.r), sum(v.a), sum(v.c)
  FROM new_rows n
  CROSS JOIN LATERAL (VALUES
    ((coalesce(n.submitted_at, n.accepted_at) AT TIME ZONE 'Asia/Shanghai')::date, 1, 0, 0),
    ((n.accepted_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1, 0),
    ((n.concluded_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1)) AS v (day, r, a, c)
  WHERE v.day IS NOT NULL
  GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_day_cases_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO wall_day_count_deltas (day, department_code, received, accepted, concluded)
  SELECT v.day, o.department_code, -sum(v.r), -sum(v.a), -sum(v.c)
  FROM old_rows o
  CROSS JOIN LATERAL (VALUES
    ((coalesce(o.submitted_at, o.accepted_at) AT TIME ZONE 'Asia/Shanghai')::date, 1, 0, 0),
    ((o.accepted_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1, 0),
    ((o.concluded_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1)) AS v (day, r, a, c)
  WHERE v.day IS NOT NULL
  GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_day_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO wall_day_count_deltas (day, department_code, received, accepted, concluded)
  SELECT v.day, v.department_code, sum(v.r), sum(v.a), sum(v.c)
  FROM (VALUES
    ((coalesce(OLD.submitted_at, OLD.accepted_at) AT TIME ZONE 'Asia/Shanghai')::date, OLD.department_code, -1, 0, 0),
    ((OLD.accepted_at AT TIME ZONE 'Asia/Shanghai')::date, OLD.department_code, 0, -1, 0),
    ((OLD.concluded_at AT TIME ZONE 'Asia/Shanghai')::date, OLD.department_code, 0, 0, -1),
    ((coalesce(NEW.submitted_at, NEW.accepted_at) AT TIME ZONE 'Asia/Shanghai')::date, NEW.department_code, 1, 0, 0),
    ((NEW.accepted_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.department_code, 0, 1, 0),
    ((NEW.concluded_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.department_code, 0, 0, 1)) AS v (day, department_code, r, a, c)
  WHERE v.day IS NOT NULL
  GROUP BY 1, 2
  HAVING sum(v.r) <> 0 OR sum(v.a) <> 0 OR sum(v.c) <> 0;
  RETURN NULL;
END $$;

-- Recounts the base from the cases, under a lock that waits for every writer with deltas in flight
-- and holds off new ones until commit (their deltas then apply to the recounted base).
CREATE FUNCTION wall_day_counts_recount() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE wall_day_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM wall_day_count_deltas;
  DELETE FROM wall_day_counts;
  INSERT INTO wall_day_counts (day, department_code, received, accepted, concluded)
  SELECT v.day, c.department_code, sum(v.r), sum(v.a), sum(v.c)
  FROM cases c
  CROSS JOIN LATERAL (VALUES
    ((coalesce(c.submitted_at, c.accepted_at) AT TIME ZONE 'Asia/Shanghai')::date, 1, 0, 0),
    ((c.accepted_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1, 0),
    ((c.concluded_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1)) AS v (day, r, a, c)
  WHERE v.day IS NOT NULL
  GROUP BY 1, 2;
END $$;

CREATE FUNCTION wall_day_counts_recount_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wall_day_counts_recount();
  RETURN NULL;
END $$;

-- Folds the committed deltas into the base; returns how many delta rows it folded (safe from
-- several processes at once: a delta row is deleted once; base rows are taken in key order).
CREATE FUNCTION wall_day_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM wall_day_count_deltas RETURNING day, department_code, received, accepted, concluded
  ), s AS (
    SELECT day, department_code, sum(received) AS received, sum(accepted) AS accepted, sum(concluded) AS concluded, count(*) AS rows
    FROM moved GROUP BY 1, 2
  ), up AS (
    INSERT INTO wall_day_counts AS w (day, department_code, received, accepted, concluded)
    SELECT day, department_code, received, accepted, concluded FROM s ORDER BY 1, 2
    ON CONFLICT (day, department_code) DO UPDATE SET
      received = w.received + EXCLUDED.received, accepted = w.accepted + EXCLUDED.accepted, concluded = w.concluded + EXCLUDED.concluded
  )
  SELECT coalesce(sum(rows), 0)::int FROM s
$$;

-- the cases hold still while the triggers arrive and the counts are taken
LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER cases_wall_day_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_day_cases_inserted();
CREATE TRIGGER cases_wall_day_moved AFTER UPDATE ON cases FOR EACH ROW
  WHEN (OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at
        OR OLD.concluded_at IS DISTINCT FROM NEW.concluded_at OR OLD.department_code IS DISTINCT FROM NEW.department_code)
  EXECUTE FUNCTION wall_day_case_moved();
CREATE TRIGGER cases_wall_day_deleted AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_day_cases_deleted();
CREATE TRIGGER cases_wall_day_truncated AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION wall_day_counts_recount_trigger();
SELECT wall_day_counts_recount();
