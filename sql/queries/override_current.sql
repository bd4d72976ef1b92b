-- A jurisdiction's current override of one day, or no row.
-- $1 text: jurisdiction, $2 date: day
SELECT is_workday, reason FROM calendar_overrides_current WHERE jurisdiction_code = $1 AND day = $2
