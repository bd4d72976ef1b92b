-- Statistics by item and by handler with the histogram of working days used as an ARRAY per row
-- (issue 17: custom reports over a year < 1 s at 1,000,000 cases). Replaces the row set of
-- migration 310 (`stat_case_dim_counts`: one row per group × period × distinct number of days,
-- 2.1 million rows at 1,000,000 cases) by `stat_case_dim_hists`: ONE row per group × period
-- (dim, grain, day, key, jurisdiction, department, case type, status class, level), at the same
-- three grains (calendar month, Monday week, day), kept by the same statement triggers on the facts
-- (the functions of migration 310 keep their names and get new bodies), folded by the same
-- compaction, re-keyed on a department's addition, move or deletion as before.
--
-- `hist`: hist[k + 1] = the concluded cases of the row with k working days used, for
-- 0 <= k < 64 (NULL when the row has none; its length is that of its largest count, zeros inside).
-- A concluded case whose days used lie outside [0, 64) (a very late case; a negative count after a
-- calendar rewrite that reorders ordinals) keeps the exact value in a row of its own: `days_out` =
-- that value (−2147483648, int's least value, in every other row). So the histogram stays exact —
-- the mean and the p90 the reader takes with percentile_cont's arithmetic are the same numbers as
-- from the facts — and a concluded case with unknown days (no calendar) counts in no histogram.
-- In the writer's transaction the triggers append a delta row per group and number of days with a
-- one-hot array (as cheap as migration 310's rows); the compaction sums a group's arrays
-- element-wise into its one base row (`stat_hist_plus`, aggregate `stat_hist_sum`), the rebuild
-- builds them with `stat_hist_agg(days, n)`. The reader sums `hist[1] … hist[64]` per report group.

CREATE FUNCTION stat_hist_add(h int[], d int, n bigint) RETURNS int[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF d IS NULL OR n = 0 THEN RETURN h; END IF;
  IF h IS NULL THEN h := array_fill(0, ARRAY[d + 1]);
  ELSIF cardinality(h) <= d THEN h := h || array_fill(0, ARRAY[d + 1 - cardinality(h)]);
  END IF;
  h[d + 1] := h[d + 1] + n;
  RETURN h;
END $$;

-- a[i] + b[i] (the shorter one padded with zeros); NULL is the empty histogram
CREATE FUNCTION stat_hist_plus(a int[], b int[]) RETURNS int[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF b IS NULL THEN RETURN a; END IF;
  IF a IS NULL THEN RETURN b; END IF;
  IF cardinality(a) < cardinality(b) THEN a := a || array_fill(0, ARRAY[cardinality(b) - cardinality(a)]); END IF;
  FOR i IN 1 .. cardinality(b) LOOP
    a[i] := a[i] + b[i];
  END LOOP;
  RETURN a;
END $$;

-- stat_hist_agg(days, n): the histogram of `n` cases at `days` (days NULL: not counted)
CREATE AGGREGATE stat_hist_agg(int, bigint) (SFUNC = stat_hist_add, STYPE = int[]);
CREATE AGGREGATE stat_hist_sum(int[]) (SFUNC = stat_hist_plus, STYPE = int[]);

CREATE TABLE stat_case_dim_hists (
  dim               text NOT NULL CHECK (dim IN ('i', 'h')),
  grain             text NOT NULL CHECK (grain IN ('d', 'w', 'm')),
  day               date NOT NULL,
  key               text NOT NULL,     -- item code or handler ('' when the case has none)
  jurisdiction_code text NOT NULL,     -- '' for a department not (or no longer) in `departments`
  department_code   text NOT NULL,     -- '' for dim 'h'
  case_type         text NOT NULL,     -- '' for dim 'h'
  status_class      text NOT NULL,
  level             text NOT NULL,
  days_out          int NOT NULL,      -- days used of concluded cases outside [0, 64); −2147483648 otherwise
  n                 bigint NOT NULL,
  on_time           bigint NOT NULL,
  timed             bigint NOT NULL,
  fee               numeric(16, 2) NOT NULL,
  supplements       bigint NOT NULL,
  supplemented      bigint NOT NULL,
  cards             bigint NOT NULL,
  hist              int[],             -- concluded cases by days used 0 … 63 (index + 1)
  PRIMARY KEY (dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_out)
);
CREATE TABLE stat_case_dim_hist_deltas (LIKE stat_case_dim_hists);
CREATE INDEX stat_case_dim_hist_deltas_day ON stat_case_dim_hist_deltas (dim, grain, day);
ALTER TABLE stat_case_dim_hist_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                           autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

CREATE VIEW stat_case_dim_hists_live AS
  SELECT * FROM stat_case_dim_hists UNION ALL SELECT * FROM stat_case_dim_hist_deltas;

-- A fact's measures, signed (`sign` = +1 new, −1 old), as the rows below group them: its days
-- used outside the array (`days_out`) or inside it (`hist_days`). A table function in FROM, which
-- the planner inlines.
CREATE FUNCTION stat_dim_signed(status_class text, days_used int, deadline_date date, concluded_day date, fee numeric, supplements int, cards int, sign int)
RETURNS TABLE (days_out int, hist_days int, n int, on_time int, timed int, fee numeric, supplements int, supplemented int, cards int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status_class = 'concluded' AND days_used IS NOT NULL AND (days_used < 0 OR days_used >= 64) THEN days_used ELSE -2147483648 END,
         CASE WHEN status_class = 'concluded' AND days_used >= 0 AND days_used < 64 THEN days_used END,
         sign, sign * (status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int,
         sign * (status_class = 'concluded' AND deadline_date IS NOT NULL)::int,
         sign * fee, sign * supplements, sign * (supplements > 0)::int, sign * cards
$$;

-- ---------------------------------------------------------------- deltas from the facts (migration 310's functions, new bodies)

-- `x`: the signed facts of the statement; each counts in six rows (item and handler; day, week and
-- month). A delta row per group and number of days, its array one-hot (the deltas have no key;
-- the compaction sums a group's arrays into its one base row): no aggregate call per fact in the
-- writer's transaction.
CREATE OR REPLACE FUNCTION stat_dim_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_dim_hist_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level, x.days_out,
         sum(x.n), sum(x.on_time), sum(x.timed), sum(x.fee), sum(x.supplements), sum(x.supplemented), sum(x.cards),
         CASE WHEN x.hist_days IS NOT NULL THEN array_fill(0, ARRAY[x.hist_days]) || sum(x.n)::int END
  FROM (SELECT r.received_day, r.department_code, r.item_code, r.handler, r.case_type, r.status_class, r.level, v.*
        FROM new_rows r CROSS JOIN LATERAL stat_dim_signed(r.status_class, r.days_used, r.deadline_date, r.concluded_day, r.fee, r.supplements, r.cards, 1) v
        UNION ALL
        SELECT r.received_day, r.department_code, r.item_code, r.handler, r.case_type, r.status_class, r.level, v.*
        FROM old_rows r CROSS JOIN LATERAL stat_dim_signed(r.status_class, r.days_used, r.deadline_date, r.concluded_day, r.fee, r.supplements, r.cards, -1) v) x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, x.hist_days
  HAVING sum(x.n) <> 0 OR sum(x.on_time) <> 0 OR sum(x.timed) <> 0 OR sum(x.fee) <> 0 OR sum(x.supplements) <> 0
      OR sum(x.supplemented) <> 0 OR sum(x.cards) <> 0;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stat_dim_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_dim_hist_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level, x.days_out,
         sum(x.n), sum(x.on_time), sum(x.timed), sum(x.fee), sum(x.supplements), sum(x.supplemented), sum(x.cards),
         CASE WHEN x.hist_days IS NOT NULL THEN array_fill(0, ARRAY[x.hist_days]) || sum(x.n)::int END
  FROM (SELECT r.received_day, r.department_code, r.item_code, r.handler, r.case_type, r.status_class, r.level, v.*
        FROM new_rows r CROSS JOIN LATERAL stat_dim_signed(r.status_class, r.days_used, r.deadline_date, r.concluded_day, r.fee, r.supplements, r.cards, 1) v) x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, x.hist_days;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stat_dim_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_dim_hist_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level, x.days_out,
         sum(x.n), sum(x.on_time), sum(x.timed), sum(x.fee), sum(x.supplements), sum(x.supplemented), sum(x.cards),
         CASE WHEN x.hist_days IS NOT NULL THEN array_fill(0, ARRAY[x.hist_days]) || sum(x.n)::int END
  FROM (SELECT r.received_day, r.department_code, r.item_code, r.handler, r.case_type, r.status_class, r.level, v.*
        FROM old_rows r CROSS JOIN LATERAL stat_dim_signed(r.status_class, r.days_used, r.deadline_date, r.concluded_day, r.fee, r.supplements, r.cards, -1) v) x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, x.hist_days;
  RETURN NULL;
END $$;

-- ---------------------------------------------------------------- departments: re-key (same triggers as migration 310)

CREATE OR REPLACE FUNCTION stat_dim_rekey(p_codes text[], p_old text[], p_new text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stat_case_dim_hist_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, x.jurisdiction_code, k.department_code, k.case_type, x.status_class, x.level, x.days_out,
         sum(x.n), sum(x.on_time), sum(x.timed), sum(x.fee), sum(x.supplements), sum(x.supplemented), sum(x.cards),
         CASE WHEN x.hist_days IS NOT NULL THEN array_fill(0, ARRAY[x.hist_days]) || sum(x.n)::int END
  FROM (SELECT j.jurisdiction_code, f.received_day, f.department_code, f.item_code, f.handler, f.case_type, f.status_class, f.level, v.*
        FROM unnest(p_codes, p_old, p_new) AS m (code, old_j, new_j)
        JOIN stat_case_facts f ON f.department_code = m.code
        CROSS JOIN LATERAL (VALUES (m.old_j, -1), (m.new_j, 1)) AS j (jurisdiction_code, sign) CROSS JOIN LATERAL stat_dim_signed(f.status_class, f.days_used, f.deadline_date, f.concluded_day, f.fee, f.supplements, f.cards, j.sign) v
        WHERE m.old_j IS DISTINCT FROM m.new_j) x
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, x.hist_days
$$;

-- ---------------------------------------------------------------- rebuild, compaction, pruning

CREATE OR REPLACE FUNCTION stat_dim_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stat_case_dim_hist_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_facts IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stat_case_dim_hist_deltas;
  DELETE FROM stat_case_dim_hists;
  INSERT INTO stat_case_dim_hists
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END AS day,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level, x.days_out,
         sum(x.n), sum(x.on_time), sum(x.timed), sum(x.fee), sum(x.supplements), sum(x.supplemented), sum(x.cards), stat_hist_agg(x.hist_days, x.n)
  FROM (SELECT f.received_day, f.department_code, f.item_code, f.handler, f.case_type, f.status_class, f.level, v.*
        FROM stat_case_facts f CROSS JOIN LATERAL stat_dim_signed(f.status_class, f.days_used, f.deadline_date, f.concluded_day, f.fee, f.supplements, f.cards, 1) v) x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ORDER BY 1, 2, 3;
END $$;

-- Folds the committed deltas into the base, arrays summed element-wise; returns the delta rows folded.
CREATE OR REPLACE FUNCTION stat_dim_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM stat_case_dim_hist_deltas RETURNING *
  ), s AS (
    SELECT dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_out,
           sum(n) AS n, sum(on_time) AS on_time, sum(timed) AS timed, sum(fee) AS fee, sum(supplements) AS supplements,
           sum(supplemented) AS supplemented, sum(cards) AS cards, stat_hist_sum(hist) AS hist, count(*) AS rows
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ), up AS (
    INSERT INTO stat_case_dim_hists AS b
    SELECT dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_out,
           n, on_time, timed, fee, supplements, supplemented, cards, hist
    FROM s ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT (dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_out) DO UPDATE SET
      n = b.n + EXCLUDED.n, on_time = b.on_time + EXCLUDED.on_time, timed = b.timed + EXCLUDED.timed, fee = b.fee + EXCLUDED.fee,
      supplements = b.supplements + EXCLUDED.supplements, supplemented = b.supplemented + EXCLUDED.supplemented, cards = b.cards + EXCLUDED.cards,
      hist = stat_hist_plus(b.hist, EXCLUDED.hist)
  )
  SELECT coalesce((SELECT sum(rows) FROM s), 0)::int
$$;

-- Base rows whose every measure is zero, the histogram too.
CREATE OR REPLACE FUNCTION stat_dim_counts_prune() RETURNS int LANGUAGE sql AS $$
  WITH a AS (DELETE FROM stat_case_dim_hists WHERE n = 0 AND fee = 0 AND supplements = 0 AND cards = 0 AND on_time = 0 AND timed = 0 AND supplemented = 0
                                                AND coalesce(hist <@ ARRAY[0], true) RETURNING 1)
  SELECT count(*)::int FROM a
$$;

DROP VIEW stat_case_dim_counts_live;
DROP TABLE stat_case_dim_count_deltas;
DROP TABLE stat_case_dim_counts;

SELECT stat_dim_rollups_rebuild();
