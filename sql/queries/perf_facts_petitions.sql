-- Performance facts: a jurisdiction's petitions (consultations, complaints, petitions, letters)
-- whose deadline day falls in the period; on time when answered (replied or closed) by the end of
-- the deadline day, local time.
-- $1 text: jurisdiction code, $2 date: first day, $3 date: last day (inclusive), $4 text: time zone
SELECT p.department_code, p.petition_no,
       coalesce((coalesce(p.replied_at, p.closed_at) AT TIME ZONE $4)::date <= p.deadline_date, false) AS on_time
FROM petitions p
JOIN departments d ON d.code = p.department_code AND d.jurisdiction_code = $1
WHERE p.deadline_date BETWEEN $2 AND $3
ORDER BY p.petition_no
