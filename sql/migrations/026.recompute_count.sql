-- The recompute's arithmetic without lookups (025 stays as applied; this replaces its per-case
-- functions): measured on a million cases, clock_compute() spent most of its time in nested SQL
-- function calls (~12 lookups per case, 10–300 µs depending on how it is called), and the extra
-- index on open cases' items cost every rewrite of a case row.
--
-- clock_count() counts in ORDINAL space: the caller passes the calendar ordinals of the few days a
-- case depends on (acceptance, range bounds, supplement days), looked up set-based by joins in
-- sql/queries/recompute_deadlines.sql, and resolves the ordinals it returns back to days the same
-- way. For working-day limits, with O(d) = calendar_days.ordinal (working days up to and
-- including d):
--   units counted in (c, s]          = O(s) − O(c)
--   the r-th working day after c     = the working day of ordinal O(c) + r   (c itself for r = 0)
--   s ≥ that day                     ⟺ O(s) ≥ O(c) + r                        (r > 0)
-- so every step of domain/clock/_lib/plan.ts count() and the restart rules of plan() become integer
-- comparisons. Calendar-day limits need no ordinals at all (day arithmetic; the caller rolls the
-- N-th day to a working day).

DROP INDEX IF EXISTS cases_open_item;
DROP FUNCTION IF EXISTS clock_compute(text, date, int, text, date[], date[], date[], date[], int);
DROP FUNCTION IF EXISTS clock_counted_day(text, text, date, int, date[], date[]);
DROP FUNCTION IF EXISTS clock_add_units(text, text, date, int);

-- clock_count(unit, n, warning_index, accepted, excl_from, excl_to, restart_requested,
--             restart_supplied, ords)
-- ords: the ordinals of ARRAY[accepted] || excl_from || excl_to || restart_requested ||
--       restart_supplied, in that order (NULL for NULL days).
-- Returns (clock_count_result) the start day (acceptance, or the supply day of the last restart that counts) and:
--   raw_day / raw_ord: the N-th counted day, as a day, or (working days, N-th day after a start
--     of ordinal o with r > 0 left) as the ordinal of that working day; the deadline is that day
--     (working days) or the next working day from it (calendar days);
--   warn_day / warn_ord: counted day `warning_index` likewise (NULL for warning_index NULL or −1:
--     the caller uses the deadline day);
--   stopped: an open exclusion before the N-th counted day, or a pending restart supplement
--     requested before it (no deadline: the projection handles these).
CREATE TYPE clock_count_result AS (stopped boolean, start_day date, raw_day date, raw_ord int, warn_day date, warn_ord int);

CREATE FUNCTION clock_count(unit text, n int, warning_index int, accepted date,
                            excl_from date[], excl_to date[], restart_requested date[], restart_supplied date[], ords int[])
RETURNS clock_count_result
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  rv clock_count_result;
  wd constant boolean := unit = 'workday';
  ne constant int := coalesce(cardinality(excl_from), 0);
  nr constant int := coalesce(cardinality(restart_requested), 0);
  st date := accepted;
  st_ord int := ords[1];
  phase int := 1;      -- 1: is restart j applied?  2: the N-th counted day  3: the warning day
  j int := 0;
  k int;
  cur date; cur_ord int; rem int; s date; s_ord int;
  halted boolean;
  res_day date; res_ord int;
BEGIN
  rv.stopped := false;
  IF n IS NULL OR accepted IS NULL THEN
    rv.stopped := NULL;
    RETURN rv;
  END IF;
  <<driver>>
  LOOP
    IF phase = 1 THEN
      j := j + 1;
      IF j > nr THEN
        phase := 2;
        CONTINUE driver;
      END IF;
      -- requested before acceptance, or supplied on/before the current start: no effect
      CONTINUE driver WHEN restart_requested[j] < accepted;
      CONTINUE driver WHEN restart_supplied[j] IS NOT NULL AND restart_supplied[j] <= st;
      k := n;
    ELSIF phase = 2 THEN
      k := n;
    ELSE
      k := warning_index;
    END IF;

    -- one counting pass (plan.ts count()): k units after st, skipping the ranges (from, to]
    -- that begin before the day reached; halted at an open range that does
    cur := st; cur_ord := st_ord; rem := k; halted := false;
    FOR i IN 1 .. ne LOOP
      CONTINUE WHEN excl_to[i] IS NOT NULL AND excl_to[i] <= cur;
      IF excl_from[i] > cur THEN
        s := excl_from[i]; s_ord := ords[1 + i];
      ELSE
        s := cur; s_ord := cur_ord;
      END IF;
      IF wd THEN
        EXIT WHEN rem = 0 OR s_ord >= cur_ord + rem;
        rem := rem - (s_ord - cur_ord);
      ELSE
        EXIT WHEN s >= cur + rem;
        rem := rem - (s - cur);
      END IF;
      IF excl_to[i] IS NULL THEN
        halted := true;
        EXIT;
      END IF;
      cur := excl_to[i]; cur_ord := ords[1 + ne + i];
    END LOOP;
    IF halted THEN
      res_day := NULL; res_ord := NULL;
    ELSIF wd AND rem > 0 THEN
      res_day := NULL; res_ord := cur_ord + rem;
    ELSE
      res_day := cur + rem; res_ord := NULL;
    END IF;

    IF phase = 1 THEN
      -- requested on/after the N-th counted day: this and every later supplement change nothing
      IF NOT halted AND (CASE WHEN res_ord IS NULL THEN greatest(restart_requested[j], st) >= res_day
                              ELSE greatest(ords[1 + 2 * ne + j], st_ord) >= res_ord END) THEN
        phase := 2;
        CONTINUE driver;
      END IF;
      IF restart_supplied[j] IS NULL THEN   -- pending: the clock is stopped
        rv.stopped := true;
        RETURN rv;
      END IF;
      st := restart_supplied[j]; st_ord := ords[1 + 2 * ne + nr + j];
    ELSIF phase = 2 THEN
      rv.start_day := st;
      IF halted THEN
        rv.stopped := true;
        RETURN rv;
      END IF;
      rv.raw_day := res_day; rv.raw_ord := res_ord;
      EXIT driver WHEN warning_index IS NULL OR warning_index = -1;
      phase := 3;
    ELSE
      rv.warn_day := res_day; rv.warn_ord := res_ord;
      EXIT driver;
    END IF;
  END LOOP;
  RETURN rv;
END $$;

-- The recompute hands open cases with a stopped clock to the projection: find them without a scan.
CREATE INDEX cases_open_stopped ON cases (jurisdiction_code) WHERE clock_status = 'stopped' AND concluded_at IS NULL AND returned_at IS NULL;
