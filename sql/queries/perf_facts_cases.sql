-- Performance facts: the cases of a jurisdiction's departments concluded in a period, with the
-- local conclusion day, the deadline day, whether the case reached a warning, and its supplement
-- requests. "Reached a warning" is the clock's own rule: concluded at or after 00:00 local of its
-- warning day or of its stage warning day (case_clocks, domain/clock), so no level-change history
-- is read. The clock is looked up per case by its primary key (LIMIT 1 keeps the planner from
-- hashing the whole case_clocks table: the cost follows the month's cases, not the history).
-- $1 text: jurisdiction code, $2 timestamptz: period start (inclusive), $3 timestamptz: period end (exclusive), $4 text: time zone
SELECT c.department_code, c.case_no, c.handler, c.concluded_at,
       to_char(x.concluded_day, 'YYYY-MM-DD') AS concluded_date,
       to_char(k.deadline_date, 'YYYY-MM-DD') AS deadline_date,
       coalesce(x.concluded_day >= least(k.warning_from, k.stage_warning_from), false) AS warned,
       c.supplement_count
FROM cases c
JOIN departments d ON d.code = c.department_code AND d.jurisdiction_code = $1
CROSS JOIN LATERAL (SELECT (c.concluded_at AT TIME ZONE $4)::date AS concluded_day) x
LEFT JOIN LATERAL (SELECT k.deadline_date, k.warning_from, k.stage_warning_from FROM case_clocks k WHERE k.case_no = c.case_no LIMIT 1) k ON true
WHERE c.concluded_at >= $2 AND c.concluded_at < $3
ORDER BY c.concluded_at, c.case_no
