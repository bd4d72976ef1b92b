-- Statistics rollups at a coarser grain (issue 17, "fast at a city's scale"), kept from the case
-- facts of migration 150 by the same kind of statement triggers (signed deltas, folded by the
-- maintenance job, never a full refresh):
--
-- 1. `stat_case_type_counts` (+ deltas, + a monthly twin): the additive counts of
--    `stat_case_counts` without the item — by received day, department, case type, status class
--    and level. An item is nearly one case a day at a city's volume, so the item grain holds almost
--    a row per case; without it a year is about 30 times fewer rows. The type view, the
--    time-limit view grouped by jurisdiction or department, and custom reports without an item or
--    handler read it.
-- 2. `stat_case_days_counts` (+ deltas, + a monthly twin): concluded cases by received day,
--    department, case type, level and working days used — an exact histogram (one row per distinct
--    number of days), from which custom reports take the mean and the p90 (percentile_cont,
--    recomputed from the counts with the same arithmetic) without reading a row per case.
--
-- Working days used are now kept on the facts (`stat_case_facts.days_used`: the ordinal difference
-- between the accepted and the concluded day on the department's jurisdiction's `calendar_days`,
-- null when not concluded or a day is outside the calendar). A row trigger sets it when a fact's
-- days, status or department change; a statement trigger on `calendar_days` (written whole by
-- `calendar_load`: delete + insert) recomputes it for the jurisdiction's concluded facts whose value
-- moved, so a calendar change still shows at once. (Deleting a jurisdiction's calendar without
-- loading it again leaves the days as they were: nothing does that.)
--
-- Both layers are the same on TimescaleDB: a case's level and status change after the fact, which
-- a continuous aggregate over append-only rows cannot follow.

ALTER TABLE stat_case_facts ADD COLUMN days_used int;

-- Working days between two days on a department's jurisdiction's calendar (null if one is missing).
CREATE FUNCTION stat_days_used(p_department text, p_from date, p_to date) RETURNS int LANGUAGE sql STABLE
RETURN (SELECT b.ordinal - a.ordinal FROM departments d
        JOIN calendar_days a ON a.jurisdiction_code = d.jurisdiction_code AND a.day = p_from
        JOIN calendar_days b ON b.jurisdiction_code = d.jurisdiction_code AND b.day = p_to
        WHERE d.code = p_department);

CREATE FUNCTION stat_case_facts_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.days_used IS DISTINCT FROM OLD.days_used THEN
      RETURN NEW; -- set by the calendar trigger below
    END IF;
    IF (NEW.status_class, NEW.accepted_day, NEW.concluded_day, NEW.department_code)
       IS NOT DISTINCT FROM (OLD.status_class, OLD.accepted_day, OLD.concluded_day, OLD.department_code) THEN
      RETURN NEW;
    END IF;
  END IF;
  NEW.days_used := CASE WHEN NEW.status_class = 'concluded' THEN stat_days_used(NEW.department_code, NEW.accepted_day, NEW.concluded_day) END;
  RETURN NEW;
END $$;
CREATE TRIGGER stat_case_facts_days BEFORE INSERT OR UPDATE ON stat_case_facts
  FOR EACH ROW EXECUTE FUNCTION stat_case_facts_days();

-- Recomputes the days used of the concluded facts of the jurisdictions whose calendar rows were
-- written (only the facts whose value moved are updated).
CREATE FUNCTION stat_case_facts_days_recompute(p_jurisdictions text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE stat_case_facts f SET days_used = x.days_used
  FROM (
    SELECT f2.case_no, b.ordinal - a.ordinal AS days_used
    FROM stat_case_facts f2
    JOIN departments d ON d.code = f2.department_code AND d.jurisdiction_code = ANY (p_jurisdictions)
    LEFT JOIN calendar_days a ON a.jurisdiction_code = d.jurisdiction_code AND a.day = f2.accepted_day
    LEFT JOIN calendar_days b ON b.jurisdiction_code = d.jurisdiction_code AND b.day = f2.concluded_day
    WHERE f2.status_class = 'concluded'
  ) x
  WHERE f.case_no = x.case_no AND f.days_used IS DISTINCT FROM x.days_used
$$;

CREATE FUNCTION stat_calendar_days_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stat_case_facts_days_recompute(ARRAY(SELECT DISTINCT jurisdiction_code FROM new_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_days_stat_inserted AFTER INSERT ON calendar_days REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_calendar_days_written();
CREATE TRIGGER calendar_days_stat_updated AFTER UPDATE ON calendar_days REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_calendar_days_written();

-- A department moved to another jurisdiction counts on that jurisdiction's calendar.
CREATE FUNCTION stat_departments_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stat_case_facts_days_recompute(ARRAY(
    SELECT n.jurisdiction_code FROM new_rows n JOIN old_rows o USING (code) WHERE n.jurisdiction_code IS DISTINCT FROM o.jurisdiction_code
    UNION SELECT o.jurisdiction_code FROM new_rows n JOIN old_rows o USING (code) WHERE n.jurisdiction_code IS DISTINCT FROM o.jurisdiction_code));
  RETURN NULL;
END $$;
CREATE TRIGGER departments_stat_moved AFTER UPDATE ON departments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_departments_moved();

-- ---------------------------------------------------------------- the tables

CREATE TABLE stat_case_type_counts (
  day             date NOT NULL,
  department_code text NOT NULL,
  case_type       text NOT NULL,
  status_class    text NOT NULL,
  level           text NOT NULL,
  n               bigint NOT NULL,
  on_time         bigint NOT NULL,
  timed           bigint NOT NULL,
  fee             numeric(16, 2) NOT NULL,
  supplements     bigint NOT NULL,
  supplemented    bigint NOT NULL,
  cards           bigint NOT NULL,
  PRIMARY KEY (day, department_code, case_type, status_class, level)
);
CREATE TABLE stat_case_type_count_deltas (LIKE stat_case_type_counts);
CREATE TABLE stat_case_type_month_counts (LIKE stat_case_type_counts INCLUDING ALL);
CREATE TABLE stat_case_type_month_count_deltas (LIKE stat_case_type_counts);

CREATE TABLE stat_case_days_counts (
  day             date NOT NULL,
  department_code text NOT NULL,
  case_type       text NOT NULL,
  level           text NOT NULL,
  days_used       int NOT NULL,
  n               bigint NOT NULL,
  PRIMARY KEY (day, department_code, case_type, level, days_used)
);
CREATE TABLE stat_case_days_count_deltas (LIKE stat_case_days_counts);
CREATE TABLE stat_case_days_month_counts (LIKE stat_case_days_counts INCLUDING ALL);
CREATE TABLE stat_case_days_month_count_deltas (LIKE stat_case_days_counts);

CREATE INDEX stat_case_type_count_deltas_day ON stat_case_type_count_deltas (day);
CREATE INDEX stat_case_type_month_count_deltas_day ON stat_case_type_month_count_deltas (day);
CREATE INDEX stat_case_days_count_deltas_day ON stat_case_days_count_deltas (day);
CREATE INDEX stat_case_days_month_count_deltas_day ON stat_case_days_month_count_deltas (day);

ALTER TABLE stat_case_type_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                             autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);
ALTER TABLE stat_case_type_month_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                                   autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);
ALTER TABLE stat_case_days_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                             autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);
ALTER TABLE stat_case_days_month_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                                   autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

CREATE VIEW stat_case_type_counts_live AS
  SELECT * FROM stat_case_type_counts UNION ALL SELECT * FROM stat_case_type_count_deltas;
CREATE VIEW stat_case_type_month_counts_live AS
  SELECT * FROM stat_case_type_month_counts UNION ALL SELECT * FROM stat_case_type_month_count_deltas;
CREATE VIEW stat_case_days_counts_live AS
  SELECT * FROM stat_case_days_counts UNION ALL SELECT * FROM stat_case_days_count_deltas;
CREATE VIEW stat_case_days_month_counts_live AS
  SELECT * FROM stat_case_days_month_counts UNION ALL SELECT * FROM stat_case_days_month_count_deltas;

-- Type counts of the days in [p_from, p_to] (inclusive; null = unbounded): whole calendar months
-- from the monthly table, the rest from the daily one (as stat_case_counts_between, but the days
-- at either end are two index ranges: stat_case_counts_between scans every day of [from, to] in the
-- daily table and drops those of the whole months, which for a year or all time is the whole table).
CREATE FUNCTION stat_case_type_counts_between(p_from date, p_to date) RETURNS SETOF stat_case_type_counts
LANGUAGE sql STABLE AS $$
  WITH b AS (
    SELECT lo, hi,
           CASE WHEN lo = date_trunc('month', lo)::date THEN lo ELSE (date_trunc('month', lo) + interval '1 month')::date END AS m1,
           date_trunc('month', hi + 1)::date AS m2
    FROM (SELECT coalesce(p_from, DATE '1900-01-01') AS lo, coalesce(p_to, DATE '2999-12-31') AS hi) x
  )
  SELECT s.* FROM stat_case_type_month_counts_live s, b WHERE b.m1 < b.m2 AND s.day >= b.m1 AND s.day < b.m2
  UNION ALL -- the days before the first whole month (all of them when there is none): one index range
  SELECT s.* FROM stat_case_type_counts_live s, b WHERE s.day >= b.lo AND s.day <= CASE WHEN b.m1 < b.m2 THEN b.m1 - 1 ELSE b.hi END
  UNION ALL -- the days after the last whole month
  SELECT s.* FROM stat_case_type_counts_live s, b WHERE b.m1 < b.m2 AND s.day >= b.m2 AND s.day <= b.hi
$$;

-- ---------------------------------------------------------------- deltas from the facts

-- One function per trigger kind (an INSERT or DELETE statement trigger has one transition table).
-- `x` is the signed union; every delta table gets its groups with a non-zero measure.
CREATE FUNCTION stat_group_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH x AS MATERIALIZED (
    SELECT received_day, department_code, case_type, status_class, level, days_used, 1 AS n,
           (status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int AS on_time,
           (status_class = 'concluded' AND deadline_date IS NOT NULL)::int AS timed,
           fee, supplements, (supplements > 0)::int AS supplemented, cards
    FROM new_rows
    UNION ALL
    SELECT received_day, department_code, case_type, status_class, level, days_used, -1,
           -(status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int,
           -(status_class = 'concluded' AND deadline_date IS NOT NULL)::int,
           -fee, -supplements, -(supplements > 0)::int, -cards
    FROM old_rows
  ), t AS (
    SELECT received_day AS day, department_code, case_type, status_class, level, sum(n) AS n, sum(on_time) AS on_time,
           sum(timed) AS timed, sum(fee) AS fee, sum(supplements) AS supplements, sum(supplemented) AS supplemented, sum(cards) AS cards
    FROM x GROUP BY 1, 2, 3, 4, 5
    HAVING sum(n) <> 0 OR sum(on_time) <> 0 OR sum(timed) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0
        OR sum(supplemented) <> 0 OR sum(cards) <> 0
  ), d AS (
    SELECT received_day AS day, department_code, case_type, level, days_used, sum(n) AS n
    FROM x WHERE status_class = 'concluded' AND days_used IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
  ), ti AS (
    INSERT INTO stat_case_type_count_deltas SELECT * FROM t
  ), tm AS (
    INSERT INTO stat_case_type_month_count_deltas
    SELECT date_trunc('month', day)::date, department_code, case_type, status_class, level, sum(n), sum(on_time), sum(timed),
           sum(fee), sum(supplements), sum(supplemented), sum(cards)
    FROM t GROUP BY 1, 2, 3, 4, 5
  ), di AS (
    INSERT INTO stat_case_days_count_deltas SELECT * FROM d
  )
  INSERT INTO stat_case_days_month_count_deltas
  SELECT date_trunc('month', day)::date, department_code, case_type, level, days_used, sum(n) FROM d GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_group_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH t AS (
    SELECT received_day AS day, department_code, case_type, status_class, level, count(*) AS n,
           count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date) AS on_time,
           count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL) AS timed,
           sum(fee) AS fee, sum(supplements) AS supplements, count(*) FILTER (WHERE supplements > 0) AS supplemented, sum(cards) AS cards
    FROM new_rows GROUP BY 1, 2, 3, 4, 5
  ), d AS (
    SELECT received_day AS day, department_code, case_type, level, days_used, count(*) AS n
    FROM new_rows WHERE status_class = 'concluded' AND days_used IS NOT NULL GROUP BY 1, 2, 3, 4, 5
  ), ti AS (
    INSERT INTO stat_case_type_count_deltas SELECT * FROM t
  ), tm AS (
    INSERT INTO stat_case_type_month_count_deltas
    SELECT date_trunc('month', day)::date, department_code, case_type, status_class, level, sum(n), sum(on_time), sum(timed),
           sum(fee), sum(supplements), sum(supplemented), sum(cards)
    FROM t GROUP BY 1, 2, 3, 4, 5
  ), di AS (
    INSERT INTO stat_case_days_count_deltas SELECT * FROM d
  )
  INSERT INTO stat_case_days_month_count_deltas
  SELECT date_trunc('month', day)::date, department_code, case_type, level, days_used, sum(n) FROM d GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_group_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH t AS (
    SELECT received_day AS day, department_code, case_type, status_class, level, -count(*) AS n,
           -count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date) AS on_time,
           -count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL) AS timed,
           -sum(fee) AS fee, -sum(supplements) AS supplements, -count(*) FILTER (WHERE supplements > 0) AS supplemented, -sum(cards) AS cards
    FROM old_rows GROUP BY 1, 2, 3, 4, 5
  ), d AS (
    SELECT received_day AS day, department_code, case_type, level, days_used, -count(*) AS n
    FROM old_rows WHERE status_class = 'concluded' AND days_used IS NOT NULL GROUP BY 1, 2, 3, 4, 5
  ), ti AS (
    INSERT INTO stat_case_type_count_deltas SELECT * FROM t
  ), tm AS (
    INSERT INTO stat_case_type_month_count_deltas
    SELECT date_trunc('month', day)::date, department_code, case_type, status_class, level, sum(n), sum(on_time), sum(timed),
           sum(fee), sum(supplements), sum(supplemented), sum(cards)
    FROM t GROUP BY 1, 2, 3, 4, 5
  ), di AS (
    INSERT INTO stat_case_days_count_deltas SELECT * FROM d
  )
  INSERT INTO stat_case_days_month_count_deltas
  SELECT date_trunc('month', day)::date, department_code, case_type, level, days_used, sum(n) FROM d GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

CREATE TRIGGER stat_case_facts_group_inserted AFTER INSERT ON stat_case_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_group_counts_inserted();
CREATE TRIGGER stat_case_facts_group_updated AFTER UPDATE ON stat_case_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_group_counts_updated();
CREATE TRIGGER stat_case_facts_group_deleted AFTER DELETE ON stat_case_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_group_counts_deleted();

-- ---------------------------------------------------------------- rebuild, compaction, pruning

-- Rebuilds the four rollups from the facts (after a TRUNCATE, or a bulk load with triggers off), in
-- day order: a period's rows sit together on disk, as when the days are appended one after another.
CREATE FUNCTION stat_group_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stat_case_type_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_type_month_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_days_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_days_month_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_facts IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stat_case_type_count_deltas;
  DELETE FROM stat_case_type_month_count_deltas;
  DELETE FROM stat_case_days_count_deltas;
  DELETE FROM stat_case_days_month_count_deltas;
  DELETE FROM stat_case_type_counts;
  DELETE FROM stat_case_type_month_counts;
  DELETE FROM stat_case_days_counts;
  DELETE FROM stat_case_days_month_counts;
  INSERT INTO stat_case_type_counts
  SELECT received_day, department_code, case_type, status_class, level, count(*),
         count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date),
         count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL),
         sum(fee), sum(supplements), count(*) FILTER (WHERE supplements > 0), sum(cards)
  FROM stat_case_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
  INSERT INTO stat_case_type_month_counts
  SELECT date_trunc('month', day)::date, department_code, case_type, status_class, level,
         sum(n), sum(on_time), sum(timed), sum(fee), sum(supplements), sum(supplemented), sum(cards)
  FROM stat_case_type_counts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
  INSERT INTO stat_case_days_counts
  SELECT received_day, department_code, case_type, level, days_used, count(*)
  FROM stat_case_facts WHERE status_class = 'concluded' AND days_used IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
  INSERT INTO stat_case_days_month_counts
  SELECT date_trunc('month', day)::date, department_code, case_type, level, days_used, sum(n)
  FROM stat_case_days_counts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
END $$;

CREATE FUNCTION stat_group_rollups_rebuild_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stat_group_rollups_rebuild();
  RETURN NULL;
END $$;
-- TRUNCATE cases CASCADE empties the facts without row events
CREATE TRIGGER stat_case_facts_truncated AFTER TRUNCATE ON stat_case_facts
  FOR EACH STATEMENT EXECUTE FUNCTION stat_group_rollups_rebuild_trigger();

-- Folds the committed deltas of the four tables into their bases; returns the delta rows folded.
-- Safe to run from several processes at once (as stat_counts_compact).
CREATE FUNCTION stat_group_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH tmoved AS (
    DELETE FROM stat_case_type_count_deltas RETURNING *
  ), ts AS (
    SELECT day, department_code, case_type, status_class, level, sum(n) AS n, sum(on_time) AS on_time, sum(timed) AS timed,
           sum(fee) AS fee, sum(supplements) AS supplements, sum(supplemented) AS supplemented, sum(cards) AS cards, count(*) AS rows
    FROM tmoved GROUP BY 1, 2, 3, 4, 5
  ), tup AS (
    INSERT INTO stat_case_type_counts AS b
    SELECT day, department_code, case_type, status_class, level, n, on_time, timed, fee, supplements, supplemented, cards
    FROM ts ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (day, department_code, case_type, status_class, level) DO UPDATE SET
      n = b.n + EXCLUDED.n, on_time = b.on_time + EXCLUDED.on_time, timed = b.timed + EXCLUDED.timed, fee = b.fee + EXCLUDED.fee,
      supplements = b.supplements + EXCLUDED.supplements, supplemented = b.supplemented + EXCLUDED.supplemented, cards = b.cards + EXCLUDED.cards
  ), mmoved AS (
    DELETE FROM stat_case_type_month_count_deltas RETURNING *
  ), ms AS (
    SELECT day, department_code, case_type, status_class, level, sum(n) AS n, sum(on_time) AS on_time, sum(timed) AS timed,
           sum(fee) AS fee, sum(supplements) AS supplements, sum(supplemented) AS supplemented, sum(cards) AS cards, count(*) AS rows
    FROM mmoved GROUP BY 1, 2, 3, 4, 5
  ), mup AS (
    INSERT INTO stat_case_type_month_counts AS b
    SELECT day, department_code, case_type, status_class, level, n, on_time, timed, fee, supplements, supplemented, cards
    FROM ms ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (day, department_code, case_type, status_class, level) DO UPDATE SET
      n = b.n + EXCLUDED.n, on_time = b.on_time + EXCLUDED.on_time, timed = b.timed + EXCLUDED.timed, fee = b.fee + EXCLUDED.fee,
      supplements = b.supplements + EXCLUDED.supplements, supplemented = b.supplemented + EXCLUDED.supplemented, cards = b.cards + EXCLUDED.cards
  ), dmoved AS (
    DELETE FROM stat_case_days_count_deltas RETURNING *
  ), ds AS (
    SELECT day, department_code, case_type, level, days_used, sum(n) AS n, count(*) AS rows FROM dmoved GROUP BY 1, 2, 3, 4, 5
  ), dup AS (
    INSERT INTO stat_case_days_counts AS b
    SELECT day, department_code, case_type, level, days_used, n FROM ds ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (day, department_code, case_type, level, days_used) DO UPDATE SET n = b.n + EXCLUDED.n
  ), dmmoved AS (
    DELETE FROM stat_case_days_month_count_deltas RETURNING *
  ), dms AS (
    SELECT day, department_code, case_type, level, days_used, sum(n) AS n, count(*) AS rows FROM dmmoved GROUP BY 1, 2, 3, 4, 5
  ), dmup AS (
    INSERT INTO stat_case_days_month_counts AS b
    SELECT day, department_code, case_type, level, days_used, n FROM dms ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (day, department_code, case_type, level, days_used) DO UPDATE SET n = b.n + EXCLUDED.n
  )
  SELECT (coalesce((SELECT sum(rows) FROM ts), 0) + coalesce((SELECT sum(rows) FROM ms), 0)
        + coalesce((SELECT sum(rows) FROM ds), 0) + coalesce((SELECT sum(rows) FROM dms), 0))::int
$$;

-- Base rows whose every measure is zero.
CREATE FUNCTION stat_group_counts_prune() RETURNS int LANGUAGE sql AS $$
  WITH a AS (DELETE FROM stat_case_type_counts WHERE n = 0 AND fee = 0 AND supplements = 0 AND cards = 0 AND on_time = 0 AND timed = 0 AND supplemented = 0 RETURNING 1),
       m AS (DELETE FROM stat_case_type_month_counts WHERE n = 0 AND fee = 0 AND supplements = 0 AND cards = 0 AND on_time = 0 AND timed = 0 AND supplemented = 0 RETURNING 1),
       d AS (DELETE FROM stat_case_days_counts WHERE n = 0 RETURNING 1),
       dm AS (DELETE FROM stat_case_days_month_counts WHERE n = 0 RETURNING 1)
  SELECT ((SELECT count(*) FROM a) + (SELECT count(*) FROM m) + (SELECT count(*) FROM d) + (SELECT count(*) FROM dm))::int
$$;

-- The facts that exist get their days, then the rollups are built from them.
UPDATE stat_case_facts f SET days_used = stat_days_used(f.department_code, f.accepted_day, f.concluded_day) WHERE f.status_class = 'concluded';
SELECT stat_group_rollups_rebuild();
