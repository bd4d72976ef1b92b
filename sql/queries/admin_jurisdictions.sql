-- Every jurisdiction (行政区划), for the administration's organisation page.
SELECT code, name, level, parent_code FROM jurisdictions ORDER BY code
