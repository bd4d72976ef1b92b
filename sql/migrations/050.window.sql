-- The approval module (窗口办件): running case numbers per department and year. A window
-- registration takes the next number with one upsert (the row stays locked until its transaction
-- commits), so concurrent registrations never get the same number.
CREATE TABLE case_number_counters (
  department_code text NOT NULL REFERENCES departments (code),
  year            int NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  last_no         int NOT NULL CHECK (last_no >= 1),
  PRIMARY KEY (department_code, year)
);
