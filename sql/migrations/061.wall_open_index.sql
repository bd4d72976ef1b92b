-- The wall's open-cases-by-department-and-level count (wall_open_by_department) as an index-only
-- scan of the open rows instead of a heap scan.
CREATE INDEX cases_open_department_level ON cases (department_code, level) WHERE concluded_at IS NULL AND returned_at IS NULL;
CREATE INDEX petitions_open_department_level ON petitions (department_code, level) WHERE closed_at IS NULL;
