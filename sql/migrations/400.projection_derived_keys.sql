-- The rows derived from a case row carry no foreign key to it (issue 20, "the projection keeps up
-- with the store"). `case_stages`, `case_clocks`, `stat_case_facts` and `case_list_keys` are
-- projections of `cases`, rebuildable from the event store, and the projection (with the triggers
-- it sets off, in the same transaction) is their only writer: a case's clock and case row are
-- written in one statement (insert_new_cases.sql), its stage rows, facts and list keys after its
-- row, under its projection lock. The foreign keys checked nothing those writers do not already
-- guarantee, and each checked row cost a lookup of the case row taking a share lock on it, per row:
-- ≈ 900 stage rows, 150 clocks, 150 facts and 150 list keys for a 1,000-event batch of new cases.
-- Replaying a 10,000-event projection's writes in one session (rolled back, the variants' order
-- rotated, 10 rounds, load 15–17): the backend's CPU 410 ms with the keys, 350 ms without (−15 %);
-- the stage rows' statement took about half the time.
--
-- What the keys did besides checking, kept by triggers on `cases` (the application never deletes
-- or truncates cases; tests and maintenance do):
--   - DELETE FROM cases: the derived rows of the deleted cases are deleted (was ON DELETE CASCADE),
--     by one statement trigger, before the cases' other DELETE statement triggers (name order) as
--     the cascade's row triggers ran before them; each derived table's own DELETE triggers run;
--   - TRUNCATE cases: truncates the derived tables too (was TRUNCATE cases CASCADE), before the
--     cases' other TRUNCATE triggers; their own TRUNCATE triggers (rebuilds, recounts) run.
ALTER TABLE case_stages DROP CONSTRAINT case_stages_case_no_fkey;
ALTER TABLE case_clocks DROP CONSTRAINT case_clocks_case_no_fkey;
ALTER TABLE stat_case_facts DROP CONSTRAINT stat_case_facts_case_no_fkey;
ALTER TABLE case_list_keys DROP CONSTRAINT case_list_keys_case_no_fkey;

CREATE FUNCTION cases_derived_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- in the order the cascades ran (the constraints' creation order)
  DELETE FROM case_stages WHERE case_no IN (SELECT case_no FROM old_rows);
  DELETE FROM case_clocks WHERE case_no IN (SELECT case_no FROM old_rows);
  DELETE FROM stat_case_facts WHERE case_no IN (SELECT case_no FROM old_rows);
  DELETE FROM case_list_keys WHERE case_no IN (SELECT case_no FROM old_rows);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_derived_deleted AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_derived_deleted();

CREATE FUNCTION cases_derived_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE case_stages, case_clocks, stat_case_facts, case_list_keys;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_derived_truncated AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION cases_derived_truncated();
