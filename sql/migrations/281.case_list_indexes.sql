-- The console's filtered first page at a province's size (issue 20; bench/volume.bench.ts).
-- A department + level filter walked every case of the scope newest first and looked up each
-- case's clock (the level lives in case_clocks, the department and the order in cases): 16 s for a
-- department's red cases among a million. case_list.sql and case_list_count_capped.sql now also
-- take the cases of that level (and department subtree) from the statistics facts (migration 150:
-- the case's department and its clock's level, kept by triggers in the writer's transaction);
-- this index finds them: a department's red cases are a few thousand entries.
CREATE INDEX IF NOT EXISTS stat_case_facts_department_level ON stat_case_facts (department_code, level) INCLUDE (case_no);

-- The receipt-number search (part of the number, case-insensitive) was strpos over every case of
-- the scope (10 s at a million cases). The list also matches upper(case_no) LIKE '%part%' (the
-- part's wildcards escaped: the same cases), which a trigram GIN index serves for a part of three
-- characters or more, where pg_trgm is available (as in migration 236); without it the search scans
-- as before.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX IF NOT EXISTS cases_case_no_trgm ON cases USING gin (upper(case_no) gin_trgm_ops);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm is available but could not be used (%); the receipt-number search scans', SQLERRM;
    END;
  END IF;
END $$;
