-- Performance facts: the cases of a jurisdiction's departments concluded in a period, with the
-- local conclusion day, the deadline day, whether the case ever reached warning or worse, and its
-- supplement requests. The clock and the level changes are looked up per case by their indexes
-- (LATERAL … LIMIT 1), so the cost follows the month's cases, not the size of the history.
-- $1 text: jurisdiction code, $2 timestamptz: period start (inclusive), $3 timestamptz: period end (exclusive), $4 text: time zone
SELECT c.department_code, c.case_no, c.handler, c.concluded_at,
       to_char((c.concluded_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS concluded_date,
       to_char(k.deadline_date, 'YYYY-MM-DD') AS deadline_date,
       w.warned IS NOT NULL AS warned,
       c.supplement_count
FROM cases c
JOIN departments d ON d.code = c.department_code AND d.jurisdiction_code = $1
LEFT JOIN LATERAL (SELECT k.deadline_date FROM case_clocks k WHERE k.case_no = c.case_no LIMIT 1) k ON true
LEFT JOIN LATERAL (SELECT true AS warned FROM level_changes l
                   WHERE l.subject = 'case' AND l.subject_no = c.case_no AND l.to_level IN ('warning', 'yellow', 'red') LIMIT 1) w ON true
WHERE c.concluded_at >= $2 AND c.concluded_at < $3
ORDER BY c.concluded_at, c.case_no
