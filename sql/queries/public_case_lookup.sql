-- A case for the public progress lookup: its figures, item and department names, the applicant
-- (for the query code check and the masked name), the deadline, and the stages passed (names and
-- times only).
-- $1 text: case number
SELECT c.case_no, c.status, coalesce(k.level, 'normal') AS level, c.accepted_at, c.concluded_at, c.applicant,
       i.name AS item_name, coalesce(d.short_name, d.name) AS department_name,
       k.deadline_date::text AS deadline_date,
       coalesce((SELECT json_agg(json_build_object('stage', s.stage, 'at', s.at) ORDER BY s.seq)
                 FROM case_stages s WHERE s.case_no = c.case_no), '[]'::json) AS stages
FROM cases c
LEFT JOIN items i ON i.code = c.item_code
LEFT JOIN departments d ON d.code = c.department_code
LEFT JOIN case_clocks k ON k.case_no = c.case_no
WHERE c.case_no = $1
