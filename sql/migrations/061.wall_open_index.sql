-- The wall's open-cases-by-department count (wall_open_by_department) reads the open rows of
-- `cases` by department through this index, and their levels from `case_clocks` (migration 040
-- moved the clock there). The sweep and the recompute write `case_clocks` only: they must tell
-- the wall's publisher too.
CREATE INDEX cases_open_department ON cases (department_code) WHERE concluded_at IS NULL AND returned_at IS NULL;
CREATE INDEX petitions_open_department_level ON petitions (department_code, level) WHERE closed_at IS NULL;
CREATE TRIGGER case_clocks_wall_changed AFTER INSERT OR UPDATE OR DELETE ON case_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION wall_notify_changed();
