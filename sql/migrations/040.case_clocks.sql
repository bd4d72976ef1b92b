-- The clock of each case moves out of `cases` into a narrow table of its own, and the stored clock
-- explanation goes away.
--
-- Why: the sweep and the recompute after a calendar change rewrite clock columns only, but a
-- rewrite of a `cases` row copies the whole wide row (applicant, folded state pointer, ~50
-- columns, the `clock` jsonb) and maintains every index on it (seven); a million of them took 46 s
-- on the 2-core build machine for a bare UPDATE. `case_clocks` holds only what the clock needs and
-- produces (~200 bytes a row), has two indexes and a fillfactor that leaves room for HOT updates.
--
-- The day-by-day explanation is not stored per case any more: GET /api/v1/cases/:caseNo/explain
-- derives it from the folded state and the calendar with the domain code (domain/clock/caseClock),
-- and level changes and cards keep the explanation they had when they happened. The compact
-- `clock` object of GET /api/v1/cases/:caseNo is built from the columns (sql/queries/case_detail.sql).
--
-- Readers of the moved columns join: `FROM cases c JOIN case_clocks k USING (case_no)`
-- (k.level, k.deadline_date, k.warning_from, k.yellow_from, k.red_from, k.next_transition_at, …).
CREATE TABLE case_clocks (
  case_no             text PRIMARY KEY REFERENCES cases (case_no) ON DELETE CASCADE,
  -- copies of the case's scope, so that the recompute and the sweep never read `cases`
  jurisdiction_code   text,
  department_code     text NOT NULL,
  item_code           text,
  time_zone           text NOT NULL DEFAULT 'Asia/Shanghai',
  overdue_cards       boolean NOT NULL DEFAULT true,   -- the scheme's overdue card rule switch
  -- none: not accepted or no limit; running; stopped (open suspension, pending supplement); closed
  clock_status        text NOT NULL DEFAULT 'none' CHECK (clock_status IN ('none', 'running', 'stopped', 'closed')),
  -- the case's level: the higher of the clock's own level and the stage warning
  level               text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'warning', 'yellow', 'red')),
  next_transition_at  timestamptz,
  deadline_date       date,
  legal_deadline_date date,
  warning_from        date,
  yellow_from         date,
  red_from            date,
  -- a stage with its own limit (domain/clock/stageClocks.ts): from 00:00 of this day a late stage
  -- keeps the open case at least at warning; stage_watch is that stage with its limit and counted
  -- days (and every limited stage), NULL for the (many) cases without stage limits and for closed ones
  stage_warning_from  date,
  stage_watch         jsonb,
  provisional         boolean NOT NULL DEFAULT false,
  stop                jsonb,                           -- while stopped: reason, since, expected end, overrun
  -- the clock's inputs for the set-based recompute (as in migration 025)
  clock_accepted      date,
  clock_start         date,
  limit_value         int,
  limit_unit          text CHECK (limit_unit IN ('workday', 'day')),
  legal_limit_value   int,
  legal_limit_unit    text CHECK (legal_limit_unit IN ('workday', 'day')),
  excluded_from       date[],
  excluded_to         date[],
  restart_requested   date[],
  restart_supplied    date[],
  warning_offset      int,
  warning_share       numeric(4, 3),
  yellow_offset       int,
  red_offset          int,
  version             bigint NOT NULL DEFAULT 1,
  CONSTRAINT case_clocks_excluded_pairs CHECK (cardinality(excluded_from) = cardinality(excluded_to)),
  CONSTRAINT case_clocks_restart_pairs CHECK (cardinality(restart_requested) = cardinality(restart_supplied))
) WITH (fillfactor = 50);

INSERT INTO case_clocks (
  case_no, jurisdiction_code, department_code, item_code, time_zone, overdue_cards, clock_status, level, next_transition_at,
  deadline_date, legal_deadline_date, warning_from, yellow_from, red_from, provisional, stop,
  clock_accepted, clock_start, limit_value, limit_unit, legal_limit_value, legal_limit_unit, excluded_from, excluded_to,
  restart_requested, restart_supplied, warning_offset, warning_share, yellow_offset, red_offset, version)
SELECT case_no, jurisdiction_code, department_code, item_code, time_zone, overdue_cards,
       CASE WHEN clock_status IN ('none', 'running', 'stopped', 'closed') THEN clock_status ELSE 'none' END,
       level, next_transition_at, deadline_date, legal_deadline_date, warning_from, yellow_from, red_from,
       coalesce((clock ->> 'provisional')::boolean, false), CASE WHEN jsonb_typeof(clock -> 'stop') = 'object' THEN clock -> 'stop' END,
       clock_accepted, clock_start, limit_value, limit_unit, legal_limit_value, legal_limit_unit, excluded_from, excluded_to,
       restart_requested, restart_supplied, warning_offset, warning_share, yellow_offset, red_offset, version
FROM cases;

-- Cases whose stages carry their own limits are watched from their next projection: hand the open
-- ones to it (the recompute and `projectCases` re-read every event; clock_inputs NULL = reproject).
UPDATE case_clocks k SET clock_accepted = NULL
FROM cases c
WHERE c.case_no = k.case_no AND k.clock_status IN ('running', 'stopped') AND c.state -> 'stageLimits' <> '{}'::jsonb;

CREATE INDEX case_clocks_next_transition ON case_clocks (next_transition_at) WHERE next_transition_at IS NOT NULL;

-- Dropping the columns drops their indexes (cases_next_transition, cases_open_level, cases_open_stopped).
ALTER TABLE cases
  DROP COLUMN deadline_date, DROP COLUMN warning_from, DROP COLUMN yellow_from, DROP COLUMN red_from,
  DROP COLUMN level, DROP COLUMN next_transition_at, DROP COLUMN time_zone, DROP COLUMN overdue_cards,
  DROP COLUMN legal_deadline_date, DROP COLUMN clock_status, DROP COLUMN clock,
  DROP COLUMN clock_accepted, DROP COLUMN clock_start, DROP COLUMN limit_value, DROP COLUMN limit_unit,
  DROP COLUMN legal_limit_value, DROP COLUMN legal_limit_unit, DROP COLUMN excluded_from, DROP COLUMN excluded_to,
  DROP COLUMN restart_requested, DROP COLUMN restart_supplied, DROP COLUMN warning_offset, DROP COLUMN warning_share,
  DROP COLUMN yellow_offset, DROP COLUMN red_offset;

-- The recompute also keeps the sweep (which writes case_clocks only) away while it runs.
CREATE OR REPLACE FUNCTION clock_recompute_lock() RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE cases IN EXCLUSIVE MODE;
  LOCK TABLE case_clocks IN EXCLUSIVE MODE;
  RETURN true;
END $$;
