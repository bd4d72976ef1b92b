-- Replaces the stage history of the given cases.
-- $1 text[]: case numbers, $2 json: array of {case_no, seq, stage, at, handler, opinion, department_code, event_id}
WITH gone AS (DELETE FROM case_stages WHERE case_no = ANY($1))
INSERT INTO case_stages (case_no, seq, stage, at, handler, opinion, department_code, event_id)
SELECT case_no, seq, stage, at, handler, opinion, department_code, event_id
FROM json_to_recordset($2::json) AS r(case_no text, seq int, stage text, at timestamptz, handler text,
                                      opinion text, department_code text, event_id text)
