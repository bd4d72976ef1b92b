-- Records level changes with their explanation.
-- $1 json: array of {subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation}
INSERT INTO level_changes (subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation)
SELECT subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation
FROM json_to_recordset($1::json) AS r(subject text, subject_no text, department_code text, from_level text,
                                      to_level text, effective_at timestamptz, source text, explanation jsonb)
