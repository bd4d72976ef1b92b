-- The wall's month figures by conclusion day, kept incrementally (issue 20, "data at a province's
-- size"). The tiles' on-time rate and the department rankings (wall_tiles.sql, wall_rankings.sql)
-- counted the statistics facts of every case concluded this month (migration 255: an index-only
-- scan, but of 37,000 entries six days into a month of a million-case store, ten times that at
-- the month's end, on every snapshot). They now sum these counts: per conclusion day (the facts'
-- Asia/Shanghai day) and department, the cases concluded with a deadline date and how many on or
-- before it — a row per department and day.
--
-- Kept as migration 090 keeps the open counts: statement triggers on `stat_case_facts` (itself
-- kept in the writer's transaction from cases, clocks and cards) append signed deltas — plain
-- inserts, so concurrent projections queue on no counter row — and `wall_concluded_counts_compact()`
-- folds them into their base, called with the open counts' fold. Readers sum base and
-- deltas. A rebuild of the facts (`stat_case_rollups_rebuild`: DELETE + INSERT) goes through the
-- same triggers; a TRUNCATE of the facts (TRUNCATE cases … CASCADE) recounts.
-- sql/test/wall-concluded-counts.test.ts checks them against a recount of the facts.
CREATE TABLE wall_concluded_counts (
  day             date NOT NULL,
  department_code text NOT NULL,
  concluded       bigint NOT NULL,  -- concluded with a deadline date
  on_time         bigint NOT NULL,  -- of those, concluded on or before it
  PRIMARY KEY (day, department_code)
);
CREATE TABLE wall_concluded_count_deltas (
  day             date NOT NULL,
  department_code text NOT NULL,
  concluded       bigint NOT NULL,
  on_time         bigint NOT NULL
);
CREATE INDEX wall_concluded_count_deltas_day ON wall_concluded_count_deltas (day);
ALTER TABLE wall_concluded_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                             autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

CREATE VIEW wall_concluded_counts_live AS
  SELECT day, department_code, concluded, on_time FROM wall_concluded_counts
  UNION ALL SELECT day, department_code, concluded, on_time FROM wall_concluded_count_deltas;

CREATE FUNCTION wall_concluded_facts_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO wall_concluded_count_deltas
    SELECT concluded_day, department_code, count(*), count(*) FILTER (WHERE concluded_day <= deadline_date)
    FROM new_rows
    WHERE status_class = 'concluded' AND concluded_day IS NOT NULL AND deadline_date IS NOT NULL
    GROUP BY 1, 2;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO wall_concluded_count_deltas
    SELECT concluded_day, department_code, -count(*), -count(*) FILTER (WHERE concluded_day <= deadline_date)
    FROM old_rows
    WHERE status_class = 'concluded' AND concluded_day IS NOT NULL AND deadline_date IS NOT NULL
    GROUP BY 1, 2;
  ELSE
    INSERT INTO wall_concluded_count_deltas
    SELECT day, department_code, sum(n), sum(o) FROM (
      SELECT concluded_day AS day, department_code, 1 AS n, (concluded_day <= deadline_date)::int AS o
      FROM new_rows WHERE status_class = 'concluded' AND concluded_day IS NOT NULL AND deadline_date IS NOT NULL
      UNION ALL
      SELECT concluded_day, department_code, -1, -((concluded_day <= deadline_date)::int)
      FROM old_rows WHERE status_class = 'concluded' AND concluded_day IS NOT NULL AND deadline_date IS NOT NULL
    ) u
    GROUP BY 1, 2
    HAVING sum(n) <> 0 OR sum(o) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION wall_concluded_counts_recount() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE wall_concluded_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM wall_concluded_count_deltas;
  DELETE FROM wall_concluded_counts;
  INSERT INTO wall_concluded_counts
  SELECT concluded_day, department_code, count(*), count(*) FILTER (WHERE concluded_day <= deadline_date)
  FROM stat_case_facts
  WHERE status_class = 'concluded' AND concluded_day IS NOT NULL AND deadline_date IS NOT NULL
  GROUP BY 1, 2;
END $$;

CREATE FUNCTION wall_concluded_facts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wall_concluded_counts_recount();
  RETURN NULL;
END $$;

-- the facts hold still while the triggers arrive and the counts are taken
LOCK TABLE stat_case_facts IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER stat_case_facts_wall_inserted AFTER INSERT ON stat_case_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_concluded_facts_written();
CREATE TRIGGER stat_case_facts_wall_updated AFTER UPDATE ON stat_case_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_concluded_facts_written();
CREATE TRIGGER stat_case_facts_wall_deleted AFTER DELETE ON stat_case_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION wall_concluded_facts_written();
CREATE TRIGGER stat_case_facts_wall_truncated AFTER TRUNCATE ON stat_case_facts
  FOR EACH STATEMENT EXECUTE FUNCTION wall_concluded_facts_truncated();
SELECT wall_concluded_counts_recount();

-- Folds the committed deltas into their base; returns how many delta rows it folded. The worker's
-- periodic fold of the open counts (wall_open_counts_compact.sql) calls it beside
-- wall_open_counts_compact() of migration 090.
CREATE FUNCTION wall_concluded_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM wall_concluded_count_deltas RETURNING day, department_code, concluded, on_time
  ), s AS (
    SELECT day, department_code, sum(concluded) AS concluded, sum(on_time) AS on_time, count(*) AS rows FROM moved GROUP BY 1, 2
  ), up AS (
    INSERT INTO wall_concluded_counts AS w (day, department_code, concluded, on_time)
    SELECT day, department_code, concluded, on_time FROM s ORDER BY 1, 2
    ON CONFLICT (day, department_code) DO UPDATE SET concluded = w.concluded + EXCLUDED.concluded, on_time = w.on_time + EXCLUDED.on_time
  )
  SELECT coalesce(sum(rows), 0)::int FROM s
$$;
