-- The next rows of the export cursor declared over case_list (`cursorOver` in sql/queries.ts) (no parameters).
FETCH 500 FROM case_export
