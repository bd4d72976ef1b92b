-- The next rows of the export cursor opened by case_export_declare (no parameters).
FETCH 500 FROM case_export
