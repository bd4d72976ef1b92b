-- Writes stage history rows.
-- $1 json: array of {case_no, seq, stage, at, handler, opinion, department_code, event_id}
INSERT INTO case_stages (case_no, seq, stage, at, handler, opinion, department_code, event_id)
SELECT case_no, seq, stage, at, handler, opinion, department_code, event_id
FROM json_to_recordset($1::json) AS r(case_no text, seq int, stage text, at timestamptz, handler text,
                                      opinion text, department_code text, event_id text)
