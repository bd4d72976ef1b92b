-- Business statistics (业务统计, issue 17): rollups kept incrementally, in the writer's own
-- transaction, never by a full refresh.
--
-- Two layers, both maintained by statement triggers with transition tables (set-based: one
-- projection batch, one sweep or one recompute is one INSERT/UPDATE per layer, whatever its size):
--
-- 1. `stat_case_facts`: one narrow row per case (no applicant, no state) with what statistics
--    group and measure by: received local day (the case list's "received": submitted, else
--    accepted, else last event — so a drill-down from a number to the list shows the same cases),
--    accepted and concluded days, department, item, case type, handler, status class, level (the
--    clock's current level: at conclusion for concluded cases), deadline, fee, supplements, active
--    cards. Kept from `cases` (INSERT and UPDATE), `case_clocks` (level and deadline moves:
--    projection, sweep, recompute after a calendar change) and `cards` (issue and revocation).
--    Custom reports read it (p90 needs the rows); working days used are ordinal differences on
--    `calendar_days` at read time, so a calendar change is reflected without rewriting any row.
-- 2. `stat_case_counts` (+ `stat_case_count_deltas`): additive counts by (received day,
--    department, item, case type, status class, level): cases, concluded on time, concluded with a
--    deadline, fees, supplements, cards. The fixed views read base + deltas. Triggers on the facts
--    append signed deltas (−old, +new, only groups that changed); `stat_counts_compact()` folds them
--    (the maintenance job). The same idea as migration 090: writers never update a shared counter row.
--    `stat_petition_counts` (+ deltas) likewise for petitions, from `petitions` directly.
--
-- Local days are Asia/Shanghai dates (as the case list's date filter). Periods (week, statistical
-- month, quarter, year: `statistics_period_rules`, domain/statistics/periods.ts) are ranges of days.
-- TimescaleDB: the case and petition rollups are the same tables on both paths (a case's level and
-- status change after the fact, which a continuous aggregate over append-only rows cannot follow);
-- page views (append-only beacons) are a hypertable with a daily continuous aggregate there.

CREATE TABLE stat_case_facts (
  case_no         text PRIMARY KEY REFERENCES cases (case_no) ON DELETE CASCADE,
  department_code text NOT NULL,
  item_code       text NOT NULL DEFAULT '',
  case_type       text NOT NULL DEFAULT '',
  handler         text NOT NULL DEFAULT '',
  received_day    date NOT NULL,
  accepted_day    date,
  concluded_day   date,
  status_class    text NOT NULL CHECK (status_class IN ('pending', 'inProgress', 'concluded', 'returned')),
  level           text NOT NULL DEFAULT 'normal',
  deadline_date   date,
  fee             numeric(14, 2) NOT NULL DEFAULT 0,
  supplements     int NOT NULL DEFAULT 0,
  cards           int NOT NULL DEFAULT 0
);
CREATE INDEX stat_case_facts_day ON stat_case_facts (received_day, department_code);

CREATE TABLE stat_case_counts (
  day             date NOT NULL,
  department_code text NOT NULL,
  item_code       text NOT NULL,
  case_type       text NOT NULL,
  status_class    text NOT NULL,
  level           text NOT NULL,
  n               bigint NOT NULL,
  on_time         bigint NOT NULL,   -- concluded on or before the deadline day
  timed           bigint NOT NULL,   -- concluded with a deadline
  fee             numeric(16, 2) NOT NULL,
  supplements     bigint NOT NULL,
  supplemented    bigint NOT NULL,   -- cases with at least one supplement (补办件)
  cards           bigint NOT NULL,
  PRIMARY KEY (day, department_code, item_code, case_type, status_class, level)
);
CREATE TABLE stat_case_count_deltas (LIKE stat_case_counts);
ALTER TABLE stat_case_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

CREATE TABLE stat_petition_counts (
  day             date NOT NULL,
  department_code text NOT NULL,
  petition_kind   text NOT NULL,
  channel         text NOT NULL,
  closed          boolean NOT NULL,
  level           text NOT NULL,
  answered        text NOT NULL CHECK (answered IN ('open', 'onTime', 'late')),
  rating          int NOT NULL,      -- 0 = not rated, else 1 (非常不满意) … 5 (非常满意)
  n               bigint NOT NULL,
  PRIMARY KEY (day, department_code, petition_kind, channel, closed, level, answered, rating)
);
CREATE TABLE stat_petition_count_deltas (LIKE stat_petition_counts);
ALTER TABLE stat_petition_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                            autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);

-- Readers: base + deltas of one snapshot (exact whether or not a compaction ran).
CREATE VIEW stat_case_counts_live AS
  SELECT * FROM stat_case_counts UNION ALL SELECT * FROM stat_case_count_deltas;
CREATE VIEW stat_petition_counts_live AS
  SELECT * FROM stat_petition_counts UNION ALL SELECT * FROM stat_petition_count_deltas;

-- The same counts by calendar month (day = the month's first day), so that a year or all time reads
-- about 30 times fewer rows: every daily delta is copied, truncated to its month, by a statement
-- trigger on the daily deltas. `stat_case_counts_between(from, to)` reads whole months inside
-- [from, to] from here and the days at either end from the daily table.
CREATE TABLE stat_case_month_counts (LIKE stat_case_counts INCLUDING ALL);
CREATE TABLE stat_case_month_count_deltas (LIKE stat_case_counts);
ALTER TABLE stat_case_month_count_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                              autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000);
CREATE VIEW stat_case_month_counts_live AS
  SELECT * FROM stat_case_month_counts UNION ALL SELECT * FROM stat_case_month_count_deltas;

CREATE FUNCTION stat_case_month_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_month_count_deltas
  SELECT date_trunc('month', day)::date, department_code, item_code, case_type, status_class, level,
         sum(n), sum(on_time), sum(timed), sum(fee), sum(supplements), sum(supplemented), sum(cards)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;
CREATE TRIGGER stat_case_count_deltas_monthly AFTER INSERT ON stat_case_count_deltas REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_month_deltas();

-- Case counts of the days in [p_from, p_to] (inclusive; null = unbounded): whole calendar months
-- from the monthly table (their `day` is the month's first day), the rest from the daily one.
CREATE FUNCTION stat_case_counts_between(p_from date, p_to date) RETURNS SETOF stat_case_counts
LANGUAGE sql STABLE AS $$
  WITH b AS (
    SELECT lo, hi,
           CASE WHEN lo = date_trunc('month', lo)::date THEN lo ELSE (date_trunc('month', lo) + interval '1 month')::date END AS m1,
           date_trunc('month', hi + 1)::date AS m2
    FROM (SELECT coalesce(p_from, DATE '1900-01-01') AS lo, coalesce(p_to, DATE '2999-12-31') AS hi) x
  )
  SELECT s.* FROM stat_case_month_counts_live s, b WHERE b.m1 < b.m2 AND s.day >= b.m1 AND s.day < b.m2
  UNION ALL
  SELECT s.* FROM stat_case_counts_live s, b
  WHERE s.day BETWEEN b.lo AND b.hi AND (b.m1 >= b.m2 OR s.day < b.m1 OR s.day >= b.m2)
$$;

-- The statistics period rules of each jurisdiction (统计时间配置), validated by
-- domain/statistics/periods.ts parsePeriodRules; absent = the shipped default.
CREATE TABLE statistics_period_rules (
  jurisdiction_code text PRIMARY KEY REFERENCES jurisdictions (code),
  rules             jsonb NOT NULL,
  updated_by        text NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Saved custom reports (自定义统计): a definition (dimensions, measures, filter, period), owned by
-- a user, optionally shared with roles.
CREATE TABLE statistics_reports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  definition   jsonb NOT NULL,
  shared_roles text[] NOT NULL DEFAULT '{}',
  owner_id     bigint NOT NULL,
  owner_login  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statistics_reports_owner ON statistics_reports (owner_id);

-- Page views (访问量统计): per local day, surface and page path; no user, no IP, no cookie.
DO $$
BEGIN
  IF supervision_has_timescaledb() THEN
    CREATE TABLE stat_page_views (at timestamptz NOT NULL, surface text NOT NULL, page text NOT NULL);
    PERFORM create_hypertable('stat_page_views', 'at', chunk_time_interval => INTERVAL '30 days');
    EXECUTE $v$
      CREATE MATERIALIZED VIEW stat_page_views_daily WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT time_bucket(INTERVAL '1 day', at, 'Asia/Shanghai') AS bucket, surface, page, count(*)::bigint AS n
      FROM stat_page_views GROUP BY 1, 2, 3
      WITH NO DATA
    $v$;
    PERFORM add_continuous_aggregate_policy('stat_page_views_daily',
      start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '10 minutes');
    EXECUTE $v$
      CREATE VIEW stat_page_view_counts AS
      SELECT (bucket AT TIME ZONE 'Asia/Shanghai')::date AS day, surface, page, n FROM stat_page_views_daily
    $v$;
  ELSE
    CREATE TABLE stat_page_view_counts (day date NOT NULL, surface text NOT NULL, page text NOT NULL, n bigint NOT NULL,
                                        PRIMARY KEY (day, surface, page));
  END IF;
END $$;

-- Counts one page view on either path.
CREATE FUNCTION stat_count_page_view(p_at timestamptz, p_surface text, p_page text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF supervision_has_timescaledb() THEN
    EXECUTE 'INSERT INTO stat_page_views (at, surface, page) VALUES ($1, $2, $3)' USING p_at, p_surface, p_page;
  ELSE
    EXECUTE 'INSERT INTO stat_page_view_counts AS c (day, surface, page, n) VALUES (($1 AT TIME ZONE ''Asia/Shanghai'')::date, $2, $3, 1)
             ON CONFLICT (day, surface, page) DO UPDATE SET n = c.n + 1' USING p_at, p_surface, p_page;
  END IF;
END $$;

-- ---------------------------------------------------------------- facts from cases, clocks, cards

CREATE FUNCTION stat_status_class(p_status text, p_concluded timestamptz, p_returned timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE RETURN CASE WHEN p_returned IS NOT NULL THEN 'returned' WHEN p_concluded IS NOT NULL THEN 'concluded'
                                   WHEN p_status = 'submitted' THEN 'pending' ELSE 'inProgress' END;

CREATE FUNCTION stat_local_day(p_at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE RETURN (p_at AT TIME ZONE 'Asia/Shanghai')::date;

-- Active cards of a case: issued, not revoked.
CREATE FUNCTION stat_active_cards(p_case_no text) RETURNS int LANGUAGE sql STABLE
RETURN (SELECT count(*) FROM cards k WHERE k.subject = 'case' AND k.subject_no = p_case_no AND k.color IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = k.id))::int;

CREATE FUNCTION stat_case_facts_from_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_facts AS f (case_no, department_code, item_code, case_type, handler, received_day, accepted_day,
                                    concluded_day, status_class, level, deadline_date, fee, supplements, cards)
  SELECT c.case_no, c.department_code, coalesce(c.item_code, ''), coalesce(c.case_type, ''), coalesce(c.handler, ''),
         stat_local_day(coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at)), stat_local_day(c.accepted_at),
         stat_local_day(coalesce(c.concluded_at, c.returned_at)),
         stat_status_class(c.status, c.concluded_at, c.returned_at), coalesce(k.level, 'normal'), k.deadline_date,
         coalesce(c.fee_charged, 0), c.supplement_count,
         CASE WHEN TG_OP = 'INSERT' THEN stat_active_cards(c.case_no) ELSE coalesce(o.cards, stat_active_cards(c.case_no)) END
  FROM new_rows c
  LEFT JOIN case_clocks k USING (case_no)
  LEFT JOIN stat_case_facts o USING (case_no)
  ORDER BY c.case_no
  ON CONFLICT (case_no) DO UPDATE SET
    department_code = EXCLUDED.department_code, item_code = EXCLUDED.item_code, case_type = EXCLUDED.case_type,
    handler = EXCLUDED.handler, received_day = EXCLUDED.received_day, accepted_day = EXCLUDED.accepted_day,
    concluded_day = EXCLUDED.concluded_day, status_class = EXCLUDED.status_class, level = EXCLUDED.level,
    deadline_date = EXCLUDED.deadline_date, fee = EXCLUDED.fee, supplements = EXCLUDED.supplements
  WHERE (f.department_code, f.item_code, f.case_type, f.handler, f.received_day, f.accepted_day, f.concluded_day,
         f.status_class, f.level, f.deadline_date, f.fee, f.supplements)
        IS DISTINCT FROM
        (EXCLUDED.department_code, EXCLUDED.item_code, EXCLUDED.case_type, EXCLUDED.handler, EXCLUDED.received_day,
         EXCLUDED.accepted_day, EXCLUDED.concluded_day, EXCLUDED.status_class, EXCLUDED.level, EXCLUDED.deadline_date,
         EXCLUDED.fee, EXCLUDED.supplements);
  RETURN NULL;
END $$;

CREATE FUNCTION stat_case_facts_from_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE stat_case_facts f SET level = 'normal', deadline_date = NULL
    FROM old_rows o WHERE f.case_no = o.case_no AND NOT EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_no = o.case_no)
      AND (f.level, f.deadline_date) IS DISTINCT FROM ('normal', NULL::date);
  ELSE
    UPDATE stat_case_facts f SET level = n.level, deadline_date = n.deadline_date
    FROM new_rows n WHERE f.case_no = n.case_no AND (f.level, f.deadline_date) IS DISTINCT FROM (n.level, n.deadline_date);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_case_facts_from_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stat_case_facts f SET cards = f.cards + d.n
  FROM (
    SELECT subject_no, sum(n)::int AS n FROM (
      SELECT n.subject_no, 1 AS n FROM new_rows n WHERE n.subject = 'case' AND n.color IS NOT NULL
      UNION ALL
      SELECT k.subject_no, -1 FROM new_rows n JOIN cards k ON k.id = n.revokes WHERE k.subject = 'case'
    ) x GROUP BY 1
  ) d
  WHERE f.case_no = d.subject_no AND d.n <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_stat_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_facts_from_cases();
CREATE TRIGGER cases_stat_updated AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_facts_from_cases();
CREATE TRIGGER case_clocks_stat_inserted AFTER INSERT ON case_clocks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_facts_from_clocks();
CREATE TRIGGER case_clocks_stat_updated AFTER UPDATE ON case_clocks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_facts_from_clocks();
CREATE TRIGGER case_clocks_stat_deleted AFTER DELETE ON case_clocks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_facts_from_clocks();
CREATE TRIGGER cards_stat_inserted AFTER INSERT ON cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_facts_from_cards();

-- ---------------------------------------------------------------- counts from facts

-- UPDATE: −old, +new, only the groups that changed.
CREATE FUNCTION stat_case_count_deltas_from_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_count_deltas
  SELECT day, department_code, item_code, case_type, status_class, level,
         sum(n), sum(on_time), sum(timed), sum(fee), sum(supplements), sum(supplemented), sum(cards)
  FROM (
    SELECT received_day AS day, department_code, item_code, case_type, status_class, level, 1 AS n,
           (status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int AS on_time,
           (status_class = 'concluded' AND deadline_date IS NOT NULL)::int AS timed,
           fee, supplements, (supplements > 0)::int AS supplemented, cards
    FROM new_rows
    UNION ALL
    SELECT received_day, department_code, item_code, case_type, status_class, level, -1,
           -(status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date)::int,
           -(status_class = 'concluded' AND deadline_date IS NOT NULL)::int,
           -fee, -supplements, -(supplements > 0)::int, -cards
    FROM old_rows
  ) x
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(n) <> 0 OR sum(on_time) <> 0 OR sum(timed) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0
      OR sum(supplemented) <> 0 OR sum(cards) <> 0;
  RETURN NULL;
END $$;

-- An INSERT or DELETE statement trigger has only one transition table: its own function.
CREATE FUNCTION stat_case_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_count_deltas
  SELECT received_day, department_code, item_code, case_type, status_class, level, count(*),
         count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date),
         count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL),
         sum(fee), sum(supplements), count(*) FILTER (WHERE supplements > 0), sum(cards)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_case_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_case_count_deltas
  SELECT received_day, department_code, item_code, case_type, status_class, level, -count(*),
         -count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date),
         -count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL),
         -sum(fee), -sum(supplements), -count(*) FILTER (WHERE supplements > 0), -sum(cards)
  FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;

-- Rebuilds the facts from cases and the counts from the facts, under locks that wait for every
-- writer in flight and hold off new ones until commit.
CREATE FUNCTION stat_case_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stat_case_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_month_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE stat_case_facts IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stat_case_facts;
  INSERT INTO stat_case_facts (case_no, department_code, item_code, case_type, handler, received_day, accepted_day,
                               concluded_day, status_class, level, deadline_date, fee, supplements, cards)
  SELECT c.case_no, c.department_code, coalesce(c.item_code, ''), coalesce(c.case_type, ''), coalesce(c.handler, ''),
         stat_local_day(coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at)), stat_local_day(c.accepted_at),
         stat_local_day(coalesce(c.concluded_at, c.returned_at)),
         stat_status_class(c.status, c.concluded_at, c.returned_at), coalesce(k.level, 'normal'), k.deadline_date,
         coalesce(c.fee_charged, 0), c.supplement_count, coalesce(a.n, 0)
  FROM cases c
  LEFT JOIN case_clocks k USING (case_no)
  LEFT JOIN (SELECT k.subject_no, count(*)::int AS n FROM cards k
             WHERE k.subject = 'case' AND k.color IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = k.id)
             GROUP BY 1) a ON a.subject_no = c.case_no;
  -- the facts' own triggers appended deltas meanwhile: the counts are rebuilt from the facts instead
  DELETE FROM stat_case_count_deltas;
  DELETE FROM stat_case_counts;
  INSERT INTO stat_case_counts
  SELECT received_day, department_code, item_code, case_type, status_class, level, count(*),
         count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL AND concluded_day <= deadline_date),
         count(*) FILTER (WHERE status_class = 'concluded' AND deadline_date IS NOT NULL),
         sum(fee), sum(supplements), count(*) FILTER (WHERE supplements > 0), sum(cards)
  FROM stat_case_facts GROUP BY 1, 2, 3, 4, 5, 6;
  DELETE FROM stat_case_month_count_deltas;
  DELETE FROM stat_case_month_counts;
  INSERT INTO stat_case_month_counts
  SELECT date_trunc('month', day)::date, department_code, item_code, case_type, status_class, level,
         sum(n), sum(on_time), sum(timed), sum(fee), sum(supplements), sum(supplemented), sum(cards)
  FROM stat_case_counts GROUP BY 1, 2, 3, 4, 5, 6;
END $$;

CREATE FUNCTION stat_case_rollups_rebuild_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stat_case_rollups_rebuild();
  RETURN NULL;
END $$;

CREATE TRIGGER stat_case_facts_inserted AFTER INSERT ON stat_case_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_counts_inserted();
CREATE TRIGGER stat_case_facts_updated AFTER UPDATE ON stat_case_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_count_deltas_from_facts();
CREATE TRIGGER stat_case_facts_deleted AFTER DELETE ON stat_case_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_counts_deleted();
CREATE TRIGGER cases_stat_truncated AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION stat_case_rollups_rebuild_trigger();

-- ---------------------------------------------------------------- petitions

CREATE FUNCTION stat_petition_answered(p_replied timestamptz, p_closed timestamptz, p_deadline date) RETURNS text
LANGUAGE sql IMMUTABLE RETURN CASE WHEN coalesce(p_replied, p_closed) IS NULL THEN 'open'
                                   WHEN p_deadline IS NULL OR stat_local_day(coalesce(p_replied, p_closed)) <= p_deadline THEN 'onTime'
                                   ELSE 'late' END;

CREATE FUNCTION stat_petition_rows_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_petition_count_deltas
  SELECT stat_local_day(coalesce(received_at, last_occurred_at)), department_code, coalesce(petition_kind, ''), coalesce(channel, ''),
         closed_at IS NOT NULL, level, stat_petition_answered(replied_at, closed_at, deadline_date), coalesce(rating, 0), count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_petition_rows_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_petition_count_deltas
  SELECT day, department_code, petition_kind, channel, closed, level, answered, rating, sum(n)
  FROM (
    SELECT stat_local_day(coalesce(received_at, last_occurred_at)) AS day, department_code, coalesce(petition_kind, '') AS petition_kind,
           coalesce(channel, '') AS channel, closed_at IS NOT NULL AS closed, level,
           stat_petition_answered(replied_at, closed_at, deadline_date) AS answered, coalesce(rating, 0) AS rating, 1 AS n
    FROM new_rows
    UNION ALL
    SELECT stat_local_day(coalesce(received_at, last_occurred_at)), department_code, coalesce(petition_kind, ''),
           coalesce(channel, ''), closed_at IS NOT NULL, level, stat_petition_answered(replied_at, closed_at, deadline_date),
           coalesce(rating, 0), -1
    FROM old_rows
  ) x
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_petition_rows_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_petition_count_deltas
  SELECT stat_local_day(coalesce(received_at, last_occurred_at)), department_code, coalesce(petition_kind, ''), coalesce(channel, ''),
         closed_at IS NOT NULL, level, stat_petition_answered(replied_at, closed_at, deadline_date), coalesce(rating, 0), -count(*)
  FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  RETURN NULL;
END $$;

CREATE FUNCTION stat_petition_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stat_petition_count_deltas IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stat_petition_count_deltas;
  DELETE FROM stat_petition_counts;
  INSERT INTO stat_petition_counts
  SELECT stat_local_day(coalesce(received_at, last_occurred_at)), department_code, coalesce(petition_kind, ''), coalesce(channel, ''),
         closed_at IS NOT NULL, level, stat_petition_answered(replied_at, closed_at, deadline_date), coalesce(rating, 0), count(*)
  FROM petitions GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
END $$;

CREATE FUNCTION stat_petition_rollups_rebuild_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stat_petition_rollups_rebuild();
  RETURN NULL;
END $$;

CREATE TRIGGER petitions_stat_inserted AFTER INSERT ON petitions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_petition_rows_inserted();
CREATE TRIGGER petitions_stat_updated AFTER UPDATE ON petitions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_petition_rows_updated();
CREATE TRIGGER petitions_stat_deleted AFTER DELETE ON petitions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_petition_rows_deleted();
CREATE TRIGGER petitions_stat_truncated AFTER TRUNCATE ON petitions
  FOR EACH STATEMENT EXECUTE FUNCTION stat_petition_rollups_rebuild_trigger();

-- ---------------------------------------------------------------- compaction

-- Folds the committed deltas into the bases; returns how many delta rows it folded. Safe to run
-- from several processes at once (a delta row is deleted once; base rows are taken in key order).
CREATE FUNCTION stat_counts_compact() RETURNS int LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM stat_case_count_deltas RETURNING *
  ), s AS (
    SELECT day, department_code, item_code, case_type, status_class, level, sum(n) AS n, sum(on_time) AS on_time,
           sum(timed) AS timed, sum(fee) AS fee, sum(supplements) AS supplements, sum(supplemented) AS supplemented,
           sum(cards) AS cards, count(*) AS rows
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6
  ), up AS (
    INSERT INTO stat_case_counts AS b
    SELECT day, department_code, item_code, case_type, status_class, level, n, on_time, timed, fee, supplements, supplemented, cards
    FROM s ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (day, department_code, item_code, case_type, status_class, level) DO UPDATE SET
      n = b.n + EXCLUDED.n, on_time = b.on_time + EXCLUDED.on_time, timed = b.timed + EXCLUDED.timed, fee = b.fee + EXCLUDED.fee,
      supplements = b.supplements + EXCLUDED.supplements, supplemented = b.supplemented + EXCLUDED.supplemented,
      cards = b.cards + EXCLUDED.cards
  ), mmoved AS (
    DELETE FROM stat_case_month_count_deltas RETURNING *
  ), ms AS (
    SELECT day, department_code, item_code, case_type, status_class, level, sum(n) AS n, sum(on_time) AS on_time,
           sum(timed) AS timed, sum(fee) AS fee, sum(supplements) AS supplements, sum(supplemented) AS supplemented,
           sum(cards) AS cards, count(*) AS rows
    FROM mmoved GROUP BY 1, 2, 3, 4, 5, 6
  ), mup AS (
    INSERT INTO stat_case_month_counts AS b
    SELECT day, department_code, item_code, case_type, status_class, level, n, on_time, timed, fee, supplements, supplemented, cards
    FROM ms ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (day, department_code, item_code, case_type, status_class, level) DO UPDATE SET
      n = b.n + EXCLUDED.n, on_time = b.on_time + EXCLUDED.on_time, timed = b.timed + EXCLUDED.timed, fee = b.fee + EXCLUDED.fee,
      supplements = b.supplements + EXCLUDED.supplements, supplemented = b.supplemented + EXCLUDED.supplemented,
      cards = b.cards + EXCLUDED.cards
  ), pmoved AS (
    DELETE FROM stat_petition_count_deltas RETURNING *
  ), ps AS (
    SELECT day, department_code, petition_kind, channel, closed, level, answered, rating, sum(n) AS n, count(*) AS rows
    FROM pmoved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ), pup AS (
    INSERT INTO stat_petition_counts AS b
    SELECT day, department_code, petition_kind, channel, closed, level, answered, rating, n FROM ps ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (day, department_code, petition_kind, channel, closed, level, answered, rating) DO UPDATE SET n = b.n + EXCLUDED.n
  )
  SELECT (coalesce((SELECT sum(rows) FROM s), 0) + coalesce((SELECT sum(rows) FROM ms), 0) + coalesce((SELECT sum(rows) FROM ps), 0))::int
$$;

-- Base rows whose every measure is zero (a group all of whose cases moved elsewhere) are noise:
-- the compaction leaves them, this removes them (run with the compaction now and then).
CREATE FUNCTION stat_counts_prune() RETURNS int LANGUAGE sql AS $$
  WITH a AS (DELETE FROM stat_case_counts WHERE n = 0 AND fee = 0 AND supplements = 0 AND cards = 0 AND on_time = 0 AND timed = 0 AND supplemented = 0 RETURNING 1),
       m AS (DELETE FROM stat_case_month_counts WHERE n = 0 AND fee = 0 AND supplements = 0 AND cards = 0 AND on_time = 0 AND timed = 0 AND supplemented = 0 RETURNING 1),
       b AS (DELETE FROM stat_petition_counts WHERE n = 0 RETURNING 1)
  SELECT ((SELECT count(*) FROM a) + (SELECT count(*) FROM m) + (SELECT count(*) FROM b))::int
$$;

SELECT stat_case_rollups_rebuild();
SELECT stat_petition_rollups_rebuild();
