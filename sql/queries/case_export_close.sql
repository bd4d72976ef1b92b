-- Closes the export cursor declared over case_list (`cursorOver` in sql/queries.ts) (no parameters).
CLOSE case_export
