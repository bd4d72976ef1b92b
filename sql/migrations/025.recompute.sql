-- Recomputing open deadlines in SQL after a calendar change (a year's notice, a local override) or
-- a level-scheme edit: the clock's inputs on `cases`, the SQL twin of the deadline engine
-- (domain/clock/_lib/plan.ts + result.ts) and the record of each recompute.
--
-- The runtime statement is sql/queries/recompute_deadlines.sql; workers/recompute.ts runs it after
-- reloading the jurisdiction's calendar_days in the same transaction. A case without suspensions,
-- paused supplements or restart supplements (the common case) is recomputed there by plain joins on
-- calendar_days ordinals; the others go through clock_compute() below, which walks their few
-- ranges with O(1) lookups per range. workers/test/recompute.test.ts checks that both give exactly
-- what computeDeadline gives with the same calendar.

-- The clock's inputs, written by the projection (workers/project.ts caseRow), all local dates in
-- the case's time_zone. NULL on rows without a clock (and on rows projected before this migration,
-- until their next projection; the recompute hands those to the projection).
ALTER TABLE cases
  ADD COLUMN clock_accepted    date,     -- day 0 of the clock: the local date of acceptance
  ADD COLUMN clock_start       date,     -- the day counting starts after (acceptance, or the last restart's supply day)
  ADD COLUMN limit_value       int,      -- the limit that drives the levels (promised, else legal; the item's when the event has none)
  ADD COLUMN limit_unit        text CHECK (limit_unit IN ('workday', 'day')),
  ADD COLUMN legal_limit_value int,      -- the legal limit shown beside it (the event's, else the item's); legal_limit is the event's only
  ADD COLUMN legal_limit_unit  text CHECK (legal_limit_unit IN ('workday', 'day')),
  -- Days not counted: suspensions and paused supplements, merged (from, to] ranges sorted by from;
  -- excluded_to[i] NULL while the range is open.
  ADD COLUMN excluded_from     date[],
  ADD COLUMN excluded_to       date[],
  -- Supplements in restart mode in the engine's order; restart_supplied[i] NULL while pending.
  -- Kept unapplied: whether one restarts the clock depends on the calendar.
  ADD COLUMN restart_requested date[],
  ADD COLUMN restart_supplied  date[],
  -- The effective level scheme at the last computation (the recompute resolves it again from level_schemes).
  ADD COLUMN warning_offset    int,
  ADD COLUMN warning_share     numeric(4, 3),
  ADD COLUMN yellow_offset     int,
  ADD COLUMN red_offset        int,
  ADD CONSTRAINT cases_excluded_pairs CHECK (cardinality(excluded_from) = cardinality(excluded_to)),
  ADD CONSTRAINT cases_restart_pairs CHECK (cardinality(restart_requested) = cardinality(restart_supplied));

-- Item-scheme edits recompute the open cases of one item.
CREATE INDEX cases_open_item ON cases (item_code) WHERE concluded_at IS NULL AND returned_at IS NULL;

-- One row per recompute: who asked, why, at which instant levels were evaluated, and what moved.
-- Append-only (the trigger function comes from 010.calendar.sql).
CREATE TABLE clock_recomputes (
  id                bigserial PRIMARY KEY,
  jurisdiction_code text NOT NULL,
  department_code   text,               -- scope of a scheme edit (NULL: the whole jurisdiction)
  item_code         text,
  reason            text NOT NULL CHECK (length(btrim(reason)) > 0),
  requested_by      text NOT NULL CHECK (length(btrim(requested_by)) > 0),
  at                timestamptz NOT NULL, -- the instant levels were evaluated at
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  cases_scanned     int NOT NULL,       -- open running cases in scope
  cases_moved       int NOT NULL,       -- cases whose deadline or a threshold day moved
  level_changes     int NOT NULL,
  case_nos          text[] NOT NULL,    -- the moved cases, by case_no, the first 1,000
  detail            jsonb NOT NULL      -- updated, cards issued/revoked, cases handed to the projection
);
CREATE INDEX clock_recomputes_jurisdiction ON clock_recomputes (jurisdiction_code, id);
CREATE TRIGGER clock_recomputes_append_only BEFORE UPDATE OR DELETE ON clock_recomputes
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_append_only();

-- Serialises recomputes and keeps projections and the sweep from writing cases meanwhile, so that
-- neither overwrites the other and row locks cannot deadlock (EXCLUSIVE still lets readers read).
-- Held to the end of the caller's transaction. A function because LOCK cannot be prepared.
CREATE FUNCTION clock_recompute_lock() RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE cases IN EXCLUSIVE MODE;
  RETURN true;
END $$;

-- clock_add_units(j, unit, a, n): the n-th unit after a, a itself for n = 0 (n >= 0).
-- TS: plan.ts addUnits (calendar days: a + n inside the calendar's range).
CREATE FUNCTION clock_add_units(jurisdiction text, unit text, a date, n int) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
  WHEN clock_add_units.unit = 'day' THEN (
    SELECT d.day FROM calendar_days d
    WHERE d.jurisdiction_code = clock_add_units.jurisdiction AND d.day = clock_add_units.a + clock_add_units.n)
  ELSE wd_add(clock_add_units.jurisdiction, clock_add_units.a, clock_add_units.n)
END;

-- clock_counted_day(j, unit, start, k, excl_from, excl_to): the day of counted unit k after
-- `start` (k = 0: start), skipping the excluded ranges (from, to] that begin before it; NULL when
-- an open range (to NULL) stops the clock first, or outside the calendar.
-- TS: plan.ts count() (k = N gives the N-th counted day) and countedDay() (k ≤ N, the warning).
CREATE FUNCTION clock_counted_day(jurisdiction text, unit text, start date, k int, excl_from date[], excl_to date[])
RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  cur date := start;
  remaining int := k;
  s date;
  last_day date;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(excl_from), 0) LOOP
    CONTINUE WHEN excl_to[i] IS NOT NULL AND excl_to[i] <= cur;
    s := greatest(excl_from[i], cur);
    last_day := clock_add_units(jurisdiction, unit, cur, remaining);
    IF last_day IS NULL THEN
      RETURN NULL;
    END IF;
    EXIT WHEN s >= last_day;
    remaining := remaining - CASE WHEN unit = 'day' THEN s - cur ELSE wd_between(jurisdiction, cur, s) END;
    IF excl_to[i] IS NULL THEN
      RETURN NULL;
    END IF;
    cur := excl_to[i];
  END LOOP;
  RETURN clock_add_units(jurisdiction, unit, cur, remaining);
END $$;

-- clock_compute(j, accepted, n, unit, excl_from, excl_to, restart_requested, restart_supplied,
-- warning_index): the start day, the deadline day and the warning day of a clock with limit n
-- (warning_index: -1 = the deadline day, k >= 0 = counted day k, NULL = not wanted). The deadline
-- is NULL when the clock is stopped (an open suspension or paused supplement before the N-th
-- counted day, or a pending restart supplement requested before it) or falls outside the calendar.
-- TS: plan.ts plan() (restarts) + count(), result.ts buildResult() (deadline, warning).
CREATE FUNCTION clock_compute(jurisdiction text, accepted date, n int, unit text, excl_from date[], excl_to date[],
                              restart_requested date[], restart_supplied date[], warning_index int,
                              OUT start_day date, OUT deadline date, OUT warning date)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  raw date;
BEGIN
  IF n IS NULL OR accepted IS NULL THEN
    RETURN;
  END IF;
  start_day := accepted;
  FOR i IN 1 .. coalesce(cardinality(restart_requested), 0) LOOP
    CONTINUE WHEN restart_requested[i] < accepted;                                      -- before acceptance
    CONTINUE WHEN restart_supplied[i] IS NOT NULL AND restart_supplied[i] <= start_day; -- supplied before the start
    raw := clock_counted_day(jurisdiction, unit, start_day, n, excl_from, excl_to);
    -- requested on/after the N-th counted day: this and every later supplement change nothing
    EXIT WHEN raw IS NOT NULL AND greatest(restart_requested[i], start_day) >= raw;
    IF restart_supplied[i] IS NULL THEN
      RETURN;                                                                           -- pending: stopped
    END IF;
    start_day := restart_supplied[i];
  END LOOP;
  raw := clock_counted_day(jurisdiction, unit, start_day, n, excl_from, excl_to);
  IF raw IS NULL THEN
    RETURN;
  END IF;
  deadline := CASE WHEN unit = 'day' THEN cd_deadline(jurisdiction, raw, 0) ELSE raw END;
  warning := CASE
    WHEN warning_index IS NULL THEN NULL
    WHEN warning_index = -1 THEN deadline
    ELSE clock_counted_day(jurisdiction, unit, start_day, warning_index, excl_from, excl_to)
  END;
END $$;

-- clock_warning_index(n, warning_offset, warning_share): the counted day the warning starts on,
-- -1 for the deadline day (offset 0). TS: plan.ts warningIndex (share: ⌈s·N⌉, exact in numeric).
CREATE FUNCTION clock_warning_index(n int, warning_offset int, warning_share numeric) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN warning_share IS NOT NULL THEN ceil(warning_share * n)::int
  WHEN coalesce(warning_offset, 0) = 0 THEN -1
  ELSE greatest(n + warning_offset, 0)
END;
