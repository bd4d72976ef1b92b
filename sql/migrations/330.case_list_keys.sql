-- The console's filtered lists at a province's size (issue 20, bench/volume.bench.ts): one narrow
-- row per case with what the list filters and orders by, the case's own columns (department, joint
-- departments, status, received time) beside its clock's (level, deadline), which no index on
-- `cases` or `case_clocks` alone can hold together.
--
-- view=alert (level above normal, newest first) and "status received in the last 30 days, by
-- deadline" fetched every matching case and joined it to its clock: 391 ms and 1.8 s p95 at a
-- million cases (the count capped at 10,000 visited ≈ 56,000 cases; the deadline order sorted the
-- 102,000 matches after fetching each one's wide row). From this table they are index-only scans of
-- narrow entries: case_list.sql takes the page's case numbers from here when every filter of the
-- request is one this row holds (server/http/case-filters.ts `listKeysCover`), and
-- case_list_keys_count_capped.sql counts here. The original predicates stay on the page, so its
-- rows are the same rows.
--
-- Kept in the writer's transaction by statement triggers (transition tables: one projection batch
-- is one upsert, whatever its size) on `cases` (insert, update) and `case_clocks` (insert, update,
-- delete, truncate); a row is rewritten only when one of its columns changes. A case's delete (and
-- TRUNCATE cases CASCADE) removes its row through the foreign key.

CREATE TABLE case_list_keys (
  case_no           text PRIMARY KEY REFERENCES cases (case_no) ON DELETE CASCADE,
  department_code   text NOT NULL,
  joint_departments text[] NOT NULL DEFAULT '{}',
  status            text NOT NULL,
  -- the list's "received": submitted, else accepted, else the last event
  received_at       timestamptz NOT NULL,
  -- the clock's (coalesce(k.level, 'normal') and k.deadline_date of case_list.sql)
  level             text NOT NULL DEFAULT 'normal',
  deadline_date     date
);

CREATE FUNCTION case_list_keys_from_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_list_keys AS x (case_no, department_code, joint_departments, status, received_at, level, deadline_date)
  SELECT c.case_no, c.department_code, c.joint_departments, c.status, coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at),
         coalesce(k.level, 'normal'), k.deadline_date
  FROM new_rows c LEFT JOIN case_clocks k USING (case_no)
  ORDER BY c.case_no
  ON CONFLICT (case_no) DO UPDATE SET
    department_code = EXCLUDED.department_code, joint_departments = EXCLUDED.joint_departments, status = EXCLUDED.status,
    received_at = EXCLUDED.received_at, level = EXCLUDED.level, deadline_date = EXCLUDED.deadline_date
  WHERE (x.department_code, x.joint_departments, x.status, x.received_at, x.level, x.deadline_date)
        IS DISTINCT FROM
        (EXCLUDED.department_code, EXCLUDED.joint_departments, EXCLUDED.status, EXCLUDED.received_at, EXCLUDED.level, EXCLUDED.deadline_date);
  RETURN NULL;
END $$;

CREATE FUNCTION case_list_keys_from_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE case_list_keys SET level = 'normal', deadline_date = NULL WHERE (level, deadline_date) IS DISTINCT FROM ('normal', NULL::date);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE case_list_keys x SET level = 'normal', deadline_date = NULL
    FROM old_rows o WHERE x.case_no = o.case_no AND NOT EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_no = o.case_no)
      AND (x.level, x.deadline_date) IS DISTINCT FROM ('normal', NULL::date);
  ELSE
    UPDATE case_list_keys x SET level = n.level, deadline_date = n.deadline_date
    FROM new_rows n WHERE x.case_no = n.case_no AND (x.level, x.deadline_date) IS DISTINCT FROM (n.level, n.deadline_date);
  END IF;
  RETURN NULL;
END $$;

-- Fills the table from cases ⋈ case_clocks (this migration; a bulk load with triggers off, as
-- bench/cityData.ts), under a lock that waits for writers in flight and holds off new ones.
CREATE FUNCTION case_list_keys_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_list_keys IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM case_list_keys;
  INSERT INTO case_list_keys (case_no, department_code, joint_departments, status, received_at, level, deadline_date)
  SELECT c.case_no, c.department_code, c.joint_departments, c.status, coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at),
         coalesce(k.level, 'normal'), k.deadline_date
  FROM cases c LEFT JOIN case_clocks k USING (case_no);
END $$;

CREATE TRIGGER cases_list_keys_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_list_keys_from_cases();
CREATE TRIGGER cases_list_keys_updated AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_list_keys_from_cases();
CREATE TRIGGER case_clocks_list_keys_inserted AFTER INSERT ON case_clocks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_list_keys_from_clocks();
CREATE TRIGGER case_clocks_list_keys_updated AFTER UPDATE ON case_clocks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_list_keys_from_clocks();
CREATE TRIGGER case_clocks_list_keys_deleted AFTER DELETE ON case_clocks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_list_keys_from_clocks();
CREATE TRIGGER case_clocks_list_keys_truncated AFTER TRUNCATE ON case_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION case_list_keys_from_clocks();

SELECT case_list_keys_rebuild();

-- Newest first (the list's default order, and the walk of view=alert, of a level, of a status or a
-- date range), and a status by deadline, nearest first, in the list's exact order (deadline, then
-- newest: the order case_list.sql folds to for sort=deadlineDate&order=asc): "undertaken, received
-- in the last 30 days, by deadline" walks the status's entries from the nearest deadline and stops
-- at the page (≈ 12,000 entries at a million cases, the older cases with earlier deadlines among
-- them) instead of sorting the 102,000 matches. Both carry every column the filters read, so the
-- walks are index-only. (Deadline descending is sorted: no one index holds both orders, whose
-- ties run newest first either way.)
CREATE INDEX case_list_keys_newest ON case_list_keys (received_at DESC, case_no DESC)
  INCLUDE (department_code, joint_departments, status, level, deadline_date);
CREATE INDEX case_list_keys_status_deadline ON case_list_keys (status, deadline_date ASC NULLS LAST, received_at DESC, case_no DESC)
  INCLUDE (department_code, joint_departments, level);
