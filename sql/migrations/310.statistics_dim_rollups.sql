-- Statistics rollups by item and by handler (issue 17: custom reports with an item or a handler
-- dimension at a city's scale), kept from the case facts of migration 150 by the same kind of
-- statement triggers as migration 220 (signed deltas, folded by the maintenance job, never a full
-- refresh).
--
-- `stat_case_dim_counts` (+ deltas): the additive measures of the case facts and the histogram of
-- working days used, in one row set — by calendar month (grain 'm', `day` = the month's first day),
-- by Monday-to-Sunday week (grain 'w', `day` = the Monday) and by day (grain 'd'), for two
-- dimension keys:
--
--   dim 'i': item, with the department, its jurisdiction and the case type (an item belongs to a
--            department, so at a city's volume the department adds few rows);
--   dim 'h': handler, with the jurisdiction only (department_code and case_type are ''): a handler
--            crossed with departments and case types is close to a row per case when handlers work
--            across departments, so handler × department, handler × case type, a department or
--            case-type filter with a handler, and a reader who does not see whole jurisdictions
--            stay on the case facts (server/statistics/reader.ts customPath);
--
-- and status class, level and days used (the facts' `days_used` of migration 220, recomputed when
-- the calendar is written, so a calendar change moves these rows through the facts' update
-- trigger; −2147483648, int's least value, when the case is not concluded or its days are not
-- known — a real count is negative only after a calendar rewrite that reorders ordinals, and still
-- counts). Concluded cases by every other days_used are an exact histogram, from which the reader takes the mean and the p90 with
-- percentile_cont's own arithmetic (as migration 220's).
--
-- A report over [from, to] reads whole calendar months from grain 'm', whole Monday weeks of the
-- rest from grain 'w' and the other days (at the ends) from grain 'd' (domain/statistics/segments.ts
-- dimSegments). The day grain holds nearly a row per case on busy days, but its rows for a day lie
-- together (the primary key leads with the grain and the day), where the facts of a day are spread
-- over the whole table.
--
-- The rows carry their department's jurisdiction, read from `departments` when the delta is
-- written; a department inserted, deleted or moved to another jurisdiction re-keys its facts'
-- rows (−old jurisdiction, +new) in the same transaction.
--
-- The same tables on TimescaleDB: a case's level and status change after the fact, which a
-- continuous aggregate over append-only rows cannot follow.

CREATE TABLE stat_case_dim_counts (
  dim               text NOT NULL CHECK (dim IN ('i', 'h')),
  grain             text NOT NULL CHECK (grain IN ('d', 'w', 'm')),
  day               date NOT NULL,
  key               text NOT NULL,     -- item code or handler ('' when the case has none)
  jurisdiction_code text NOT NULL,     -- '' for a department not (or no longer) in `departments`
  department_code   text NOT NULL,     -- '' for dim 'h'
  case_type         text NOT NULL,     -- '' for dim 'h'
  status_class      text NOT NULL,
  level             text NOT NULL,
  days_used         int NOT NULL,      -- working days used by a concluded case; −2147483648 otherwise
  n                 bigint NOT NULL,
  on_time           bigint NOT NULL,
  timed             bigint NOT NULL,
  fee               numeric(16, 2) NOT NULL,
  supplements       bigint NOT NULL,
  supplemented      bigint NOT NULL,
  cards             bigint NOT NULL,
  PRIMARY KEY (dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_used)
);
CREATE TABLE stat_case_dim_count_deltas (LIKE stat_case_dim_counts);
CREATE INDEX stat_case_dim_count_deltas_day ON stat_case_dim_count_deltas (dim, grain, day);
ALTER TABLE stat_case_dim_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                            autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

CREATE VIEW stat_case_dim_counts_live AS
  SELECT * FROM stat_case_dim_counts UNION ALL SELECT * FROM stat_case_dim_count_deltas;

-- ---------------------------------------------------------------- deltas from the facts

-- `x` (in each function): the signed facts of the statement with their jurisdiction; each fact
-- counts in six rows (item and handler; day, week and month).
CREATE FUNCTION stat_dim_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_dim_count_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level, x.days_used,
         sum(x.n), sum(x.on_time), sum(x.timed), sum(x.fee), sum(x.supplements), sum(x.supplemented), sum(x.cards)
  FROM (
    SELECT received_day, department_code, item_code, handler, case_type, status_class, level,
           CASE WHEN status_class = 'concluded' THEN coalesce(days_used, -2147483648) ELSE -2147483648 END AS days_used, 1 AS n,
           (status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int AS on_time,
           (status_class = 'concluded' AND deadline_date IS NOT NULL)::int AS timed,
           fee, supplements, (supplements > 0)::int AS supplemented, cards
    FROM new_rows
    UNION ALL
    SELECT received_day, department_code, item_code, handler, case_type, status_class, level,
           CASE WHEN status_class = 'concluded' THEN coalesce(days_used, -2147483648) ELSE -2147483648 END, -1,
           -(status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int,
           -(status_class = 'concluded' AND deadline_date IS NOT NULL)::int,
           -fee, -supplements, -(supplements > 0)::int, -cards
    FROM old_rows
  ) x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  HAVING sum(x.n) <> 0 OR sum(x.on_time) <> 0 OR sum(x.timed) <> 0 OR sum(x.fee) <> 0 OR sum(x.supplements) <> 0
      OR sum(x.supplemented) <> 0 OR sum(x.cards) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_dim_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_dim_count_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level,
         CASE WHEN x.status_class = 'concluded' THEN coalesce(x.days_used, -2147483648) ELSE -2147483648 END,
         count(*), count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL AND x.concluded_day <= x.deadline_date),
         count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL),
         sum(x.fee), sum(x.supplements), count(*) FILTER (WHERE x.supplements > 0), sum(x.cards)
  FROM new_rows x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_dim_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_dim_count_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level,
         CASE WHEN x.status_class = 'concluded' THEN coalesce(x.days_used, -2147483648) ELSE -2147483648 END,
         -count(*), -count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL AND x.concluded_day <= x.deadline_date),
         -count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL),
         -sum(x.fee), -sum(x.supplements), -count(*) FILTER (WHERE x.supplements > 0), -sum(x.cards)
  FROM old_rows x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
  RETURN NULL;
END $$;

CREATE TRIGGER stat_case_facts_dim_inserted AFTER INSERT ON stat_case_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_dim_counts_inserted();
CREATE TRIGGER stat_case_facts_dim_updated AFTER UPDATE ON stat_case_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_dim_counts_updated();
CREATE TRIGGER stat_case_facts_dim_deleted AFTER DELETE ON stat_case_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_dim_counts_deleted();

-- ---------------------------------------------------------------- departments: re-key

-- The facts of departments whose jurisdiction changed (p_old → p_new, '' = not in `departments`):
-- their rows move from the old jurisdiction to the new one (the facts found by department through
-- migration 281's index).
CREATE FUNCTION stat_dim_rekey(p_codes text[], p_old text[], p_new text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stat_case_dim_count_deltas
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN f.received_day WHEN 'w' THEN date_trunc('week', f.received_day)::date ELSE date_trunc('month', f.received_day)::date END,
         k.key, j.jurisdiction_code, k.department_code, k.case_type, f.status_class, f.level,
         CASE WHEN f.status_class = 'concluded' THEN coalesce(f.days_used, -2147483648) ELSE -2147483648 END,
         sum(j.sign),
         coalesce(sum(j.sign) FILTER (WHERE f.status_class = 'concluded' AND f.deadline_date IS NOT NULL AND f.concluded_day <= f.deadline_date), 0),
         coalesce(sum(j.sign) FILTER (WHERE f.status_class = 'concluded' AND f.deadline_date IS NOT NULL), 0),
         sum(j.sign * f.fee), sum(j.sign * f.supplements), coalesce(sum(j.sign) FILTER (WHERE f.supplements > 0), 0), sum(j.sign * f.cards)
  FROM unnest(p_codes, p_old, p_new) AS m (code, old_j, new_j)
  JOIN stat_case_facts f ON f.department_code = m.code
  CROSS JOIN LATERAL (VALUES (m.old_j, -1), (m.new_j, 1)) AS j (jurisdiction_code, sign)
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', f.item_code, f.department_code, f.case_type), ('h', f.handler, '', '')) AS k (dim, key, department_code, case_type)
  WHERE m.old_j IS DISTINCT FROM m.new_j
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
$$;

-- A department inserted after its cases, or deleted before them, also gets its concluded facts'
-- working days (migration 220 recomputes them when a department moves, not when one appears or
-- goes): after the re-key, so that the facts' update trigger moves rows already re-keyed.
CREATE FUNCTION stat_facts_days_of(p_codes text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE stat_case_facts f SET days_used = x.days_used
  FROM (SELECT case_no, stat_days_used(department_code, accepted_day, concluded_day) AS days_used
        FROM stat_case_facts WHERE department_code = ANY (p_codes) AND status_class = 'concluded') x
  WHERE f.case_no = x.case_no AND f.days_used IS DISTINCT FROM x.days_used
$$;

CREATE FUNCTION stat_departments_rekeyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stat_dim_rekey(array_agg(code), array_agg(''::text), array_agg(jurisdiction_code)) FROM new_rows;
    PERFORM stat_facts_days_of(ARRAY(SELECT code FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stat_dim_rekey(array_agg(code), array_agg(jurisdiction_code), array_agg(''::text)) FROM old_rows;
    PERFORM stat_facts_days_of(ARRAY(SELECT code FROM old_rows));
  ELSE -- (migration 220's departments_stat_moved recomputes the days after this trigger: names fire in order)
    PERFORM stat_dim_rekey(array_agg(n.code), array_agg(o.jurisdiction_code), array_agg(n.jurisdiction_code))
    FROM new_rows n JOIN old_rows o USING (code) WHERE n.jurisdiction_code IS DISTINCT FROM o.jurisdiction_code;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER departments_stat_dim_inserted AFTER INSERT ON departments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_departments_rekeyed();
CREATE TRIGGER departments_stat_dim_updated AFTER UPDATE ON departments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_departments_rekeyed();
CREATE TRIGGER departments_stat_dim_deleted AFTER DELETE ON departments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_departments_rekeyed();

-- ---------------------------------------------------------------- rebuild, compaction, pruning

-- Rebuilds the rollup from the facts (after a TRUNCATE, or a bulk load with triggers off), in day order.
CREATE FUNCTION stat_dim_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stat_case_dim_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_facts IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stat_case_dim_count_deltas;
  DELETE FROM stat_case_dim_counts;
  INSERT INTO stat_case_dim_counts
  SELECT k.dim, g.grain, CASE g.grain WHEN 'd' THEN x.received_day WHEN 'w' THEN date_trunc('week', x.received_day)::date ELSE date_trunc('month', x.received_day)::date END AS day,
         k.key, coalesce(d.jurisdiction_code, ''), k.department_code, k.case_type, x.status_class, x.level,
         CASE WHEN x.status_class = 'concluded' THEN coalesce(x.days_used, -2147483648) ELSE -2147483648 END,
         count(*), count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL AND x.concluded_day <= x.deadline_date),
         count(*) FILTER (WHERE x.status_class = 'concluded' AND x.deadline_date IS NOT NULL),
         sum(x.fee), sum(x.supplements), count(*) FILTER (WHERE x.supplements > 0), sum(x.cards)
  FROM stat_case_facts x
  LEFT JOIN departments d ON d.code = x.department_code
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
  CROSS JOIN LATERAL (VALUES ('i', x.item_code, x.department_code, x.case_type), ('h', x.handler, '', '')) AS k (dim, key, department_code, case_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ORDER BY 1, 2, 3;
END $$;

CREATE FUNCTION stat_dim_rollups_rebuild_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stat_dim_rollups_rebuild();
  RETURN NULL;
END $$;
CREATE TRIGGER stat_case_facts_dim_truncated AFTER TRUNCATE ON stat_case_facts
  FOR EACH STATEMENT EXECUTE FUNCTION stat_dim_rollups_rebuild_trigger();

-- Folds the committed deltas into the base; returns the delta rows folded (safe from several
-- processes at once, as stat_counts_compact).
CREATE FUNCTION stat_dim_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM stat_case_dim_count_deltas RETURNING *
  ), s AS (
    SELECT dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_used,
           sum(n) AS n, sum(on_time) AS on_time, sum(timed) AS timed, sum(fee) AS fee, sum(supplements) AS supplements,
           sum(supplemented) AS supplemented, sum(cards) AS cards, count(*) AS rows
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ), up AS (
    INSERT INTO stat_case_dim_counts AS b
    SELECT dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_used,
           n, on_time, timed, fee, supplements, supplemented, cards
    FROM s ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT (dim, grain, day, key, jurisdiction_code, department_code, case_type, status_class, level, days_used) DO UPDATE SET
      n = b.n + EXCLUDED.n, on_time = b.on_time + EXCLUDED.on_time, timed = b.timed + EXCLUDED.timed, fee = b.fee + EXCLUDED.fee,
      supplements = b.supplements + EXCLUDED.supplements, supplemented = b.supplemented + EXCLUDED.supplemented, cards = b.cards + EXCLUDED.cards
  )
  SELECT coalesce((SELECT sum(rows) FROM s), 0)::int
$$;

-- Base rows whose every measure is zero.
CREATE FUNCTION stat_dim_counts_prune() RETURNS int LANGUAGE sql AS $$
  WITH a AS (DELETE FROM stat_case_dim_counts WHERE n = 0 AND fee = 0 AND supplements = 0 AND cards = 0 AND on_time = 0 AND timed = 0 AND supplemented = 0 RETURNING 1)
  SELECT count(*)::int FROM a
$$;

SELECT stat_dim_rollups_rebuild();
