-- The working-day calendar, per jurisdiction, and the O(1) deadline arithmetic on it.
-- The SQL twin of domain/calendar: rows are written by sql/calendar.ts (loadCalendar) from a
-- WorkCalendar, so TypeScript and SQL agree day for day (sql/test/calendar.sql.test.ts checks every
-- date of 2015–2026 for limits 0–60 in both units). Plain PostgreSQL 15+; works under TimescaleDB.
--
-- ordinal(d) = number of working days from the jurisdiction's first row up to and including d.
-- So "the n-th working day after d" is the working day whose ordinal is ordinal(d) + n, and
-- "working days in (a, b]" is ordinal(b) - ordinal(a): two index lookups, no loop, set-based friendly.
-- The rows of one jurisdiction must be contiguous days (loadCalendar writes whole years).

CREATE TABLE calendar_days (
  jurisdiction_code text    NOT NULL,
  day               date    NOT NULL,
  is_workday        boolean NOT NULL,
  kind              text    NOT NULL CHECK (kind IN ('workday', 'weekend', 'holiday', 'adjusted_workday', 'local_off', 'local_on')),
  source            text    NOT NULL CHECK (source IN ('statutory', 'notice', 'provisional', 'local')),
  name              text,   -- holiday name (Chinese) or the reason of a local override
  ordinal           int     NOT NULL CHECK (ordinal >= 0),
  PRIMARY KEY (jurisdiction_code, day),
  CHECK (is_workday = (kind IN ('workday', 'adjusted_workday', 'local_on')))
);
-- The inverse lookup: the working day that has a given ordinal (index-only with INCLUDE).
CREATE UNIQUE INDEX calendar_days_workday_ordinal ON calendar_days (jurisdiction_code, ordinal) INCLUDE (day) WHERE is_workday;

-- Local one-off days off or on (administrators), append-only: a later row for the same day wins;
-- a row with is_workday NULL withdraws the override. Who and when are recorded on every row.
CREATE TABLE calendar_overrides (
  id                bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_code text    NOT NULL,
  day               date    NOT NULL,
  is_workday        boolean,
  reason            text    NOT NULL CHECK (length(btrim(reason)) > 0),
  created_by        text    NOT NULL CHECK (length(btrim(created_by)) > 0),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_overrides_day ON calendar_overrides (jurisdiction_code, day, id);

CREATE VIEW calendar_overrides_current AS
SELECT jurisdiction_code, day, is_workday, reason, created_by, created_at
FROM (
  SELECT DISTINCT ON (jurisdiction_code, day) *
  FROM calendar_overrides
  ORDER BY jurisdiction_code, day, id DESC
) latest
WHERE is_workday IS NOT NULL;

-- State Council notices entered by an administrator (for a year the shipped data lacks, or to
-- correct one): one NoticeYear as JSON, validated by domain/calendar/parseCalendarData before it is
-- stored: {"year", "status": "official", "holidays": [{date, name, nameEn}], "adjustedWorkdays": [...]}.
-- Append-only; the latest row of a year wins over the shipped data of that year.
CREATE TABLE calendar_notices (
  id         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year       int     NOT NULL CHECK (year BETWEEN 1970 AND 9999),
  data       jsonb   NOT NULL CHECK ((data ->> 'year')::int = year),
  entered_by text    NOT NULL CHECK (length(btrim(entered_by)) > 0),
  entered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_notices_year ON calendar_notices (year, id);

CREATE VIEW calendar_notices_current AS
SELECT DISTINCT ON (year) year, data, entered_by, entered_at
FROM calendar_notices
ORDER BY year, id DESC;

-- Audit: overrides and notices are never updated or deleted.
CREATE FUNCTION calendar_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: add a new row instead', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER calendar_overrides_append_only BEFORE UPDATE OR DELETE ON calendar_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_append_only();
CREATE TRIGGER calendar_notices_append_only BEFORE UPDATE OR DELETE ON calendar_notices
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_append_only();

-- The functions are SQL-standard bodies (BEGIN ATOMIC / RETURN): table names bind at creation,
-- whatever the caller's search_path, and the planner can inline them into set-based queries.
-- Outside the loaded range every function returns NULL (TypeScript: NaN).

-- wd_add(j, from_day, n): the n-th working day after from_day (from_day itself not counted);
-- n = 0 → from_day; n < 0 → the |n|-th working day before from_day. TS: addWorkingDays.
CREATE FUNCTION wd_add(jurisdiction text, from_day date, n int) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (
  SELECT CASE
    WHEN wd_add.n = 0 THEN c.day
    ELSE (
      SELECT w.day FROM calendar_days w
      WHERE w.jurisdiction_code = wd_add.jurisdiction AND w.is_workday
        AND w.ordinal = CASE WHEN wd_add.n > 0 THEN c.ordinal + wd_add.n
                             ELSE c.ordinal - (CASE WHEN c.is_workday THEN 1 ELSE 0 END) + wd_add.n + 1 END
    )
  END
  FROM calendar_days c
  WHERE c.jurisdiction_code = wd_add.jurisdiction AND c.day = wd_add.from_day
);

-- wd_between(j, a, b): working days d with a < d ≤ b (negative when b < a). TS: workingDaysBetween.
CREATE FUNCTION wd_between(jurisdiction text, a date, b date) RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (
  (SELECT cb.ordinal FROM calendar_days cb WHERE cb.jurisdiction_code = wd_between.jurisdiction AND cb.day = wd_between.b)
  - (SELECT ca.ordinal FROM calendar_days ca WHERE ca.jurisdiction_code = wd_between.jurisdiction AND ca.day = wd_between.a)
);

-- cd_deadline(j, from_day, n): the calendar-day rule: the n-th day after from_day (n ≥ 0), moved to
-- the next working day when it is not one (民法典 §203). TS: calendarDayDeadline.
CREATE FUNCTION cd_deadline(jurisdiction text, from_day date, n int) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (
  SELECT CASE
    WHEN t.is_workday THEN t.day
    ELSE (SELECT w.day FROM calendar_days w
          WHERE w.jurisdiction_code = cd_deadline.jurisdiction AND w.is_workday AND w.ordinal = t.ordinal + 1)
  END
  FROM calendar_days s
  JOIN calendar_days t ON t.jurisdiction_code = s.jurisdiction_code AND t.day = s.day + cd_deadline.n
  WHERE s.jurisdiction_code = cd_deadline.jurisdiction AND s.day = cd_deadline.from_day AND cd_deadline.n >= 0
);

-- calendar_load(j, days, is_workday, kinds, sources, names, ordinals): replaces the rows of one
-- jurisdiction with the given parallel arrays (one statement each for delete and insert). Called by
-- sql/calendar.ts inside the caller's transaction. Returns the number of rows written.
CREATE FUNCTION calendar_load(jurisdiction text, days date[], workdays boolean[], kinds text[], sources text[], names text[], ordinals int[])
RETURNS bigint
LANGUAGE sql VOLATILE
BEGIN ATOMIC
  DELETE FROM calendar_days WHERE jurisdiction_code = calendar_load.jurisdiction;
  INSERT INTO calendar_days (jurisdiction_code, day, is_workday, kind, source, name, ordinal)
    SELECT calendar_load.jurisdiction, u.day, u.is_workday, u.kind, u.source, u.name, u.ordinal
    FROM unnest(calendar_load.days, calendar_load.workdays, calendar_load.kinds, calendar_load.sources, calendar_load.names, calendar_load.ordinals)
      AS u (day, is_workday, kind, source, name, ordinal);
  SELECT count(*) FROM calendar_days WHERE jurisdiction_code = calendar_load.jurisdiction;
END;
