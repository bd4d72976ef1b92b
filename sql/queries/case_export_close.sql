-- Closes the export cursor opened by case_export_declare (no parameters).
CLOSE case_export
