-- Versioned level schemes (issue 19 "effective from"): a scheme change either applies to every
-- open case now, or only to the cases accepted from a date, each older case keeping the version it
-- started under. level_schemes rows become versions of their scope, in id order (newer = higher
-- id); several per (scope, scope_code) from now on.
--   accepted_from: the version governs only cases whose local acceptance date (case_clocks.clock_accepted)
--                  is on or after it; NULL: every case.
--   withdrawn:     the version removes the scope's scheme for the cases it governs (the next scope
--                  in precedence applies); its level columns are the default's and unused.
-- The scheme of a case: for the item, then the department, then the jurisdiction, the NEWEST
-- version of the scope whose condition holds; a withdrawn one passes to the next scope; none:
-- the shipped default. domain/rules/schemeVersions.ts is the TypeScript twin (projection and
-- preview); the recompute uses level_scheme_version_index() below.
ALTER TABLE level_schemes DROP CONSTRAINT level_schemes_scope_scope_code_key;
ALTER TABLE level_schemes
  ADD COLUMN accepted_from date,
  ADD COLUMN withdrawn boolean NOT NULL DEFAULT false;
CREATE INDEX level_schemes_scope_versions ON level_schemes (scope, scope_code, id);

-- level_scheme_version_index(froms, accepted): the first i with froms[i] NULL or froms[i] <=
-- accepted (froms newest first), NULL when none holds. accepted NULL: only NULL entries hold.
-- TS: domain/rules/schemeVersions.ts governingVersion.
CREATE FUNCTION level_scheme_version_index(froms date[], accepted date) RETURNS int
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  FOR i IN 1 .. coalesce(cardinality(froms), 0) LOOP
    IF froms[i] IS NULL OR froms[i] <= accepted THEN
      RETURN i;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
